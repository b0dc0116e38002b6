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
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", "exec " + command).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("cannot start exec command '" + command + "': " + e.getMessage(), e);
        }
        log.info("started child pid={}: {}", p.pid(), command);
        return new ChildProcess(p);
    }

    long pid() {
        return process.pid();
    }

    /** Sends signal {@code name} (INT, TERM, HUP) with the shell's kill, which every image with /bin/sh has. */
    void forward(String name) {
        if (!process.isAlive()) {
            return;
        }
        try {
            int rc = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + process.pid())
                    .inheritIO().start().waitFor();
            if (rc == 0) {
                log.info("forwarded SIG{} to child pid={}", name, process.pid());
            } else if (process.isAlive()) {
                log.warn("could not forward SIG{} to child pid={}: kill exited {}", name, process.pid(), rc);
            }
        } catch (IOException e) {
            log.warn("could not forward SIG{} to child pid={}: {}", name, process.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child's exit code; 128 + N if signal N ended it, as a shell reports it. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }
}
