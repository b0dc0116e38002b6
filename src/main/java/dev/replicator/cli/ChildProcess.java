package dev.replicator.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** The application started with {@code -exec}: shares our stdio and environment, and gets our signals. */
final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final Process process;

    private ChildProcess(Process process) {
        this.process = process;
    }

    /** Runs {@code command} through {@code sh -c 'exec ...'} so the shell is replaced and signals reach the app. */
    static ChildProcess start(String command) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "exec " + command).inheritIO().start();
        log.info("started child pid={}: {}", p.pid(), command);
        return new ChildProcess(p);
    }

    void forward(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            log.info("forwarded SIG{} to child pid={}", signal, process.pid());
        } catch (IOException e) {
            log.warn("could not forward SIG{} to child pid={}: {}", signal, process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }
}
