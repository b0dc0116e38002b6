package dev.replicator.bench;

/** The figures of one tool over one run of one {@link WorkloadSpec}. */
public record WorkloadResult(Tool tool, String workload, int run, WriterProcess.Summary writer, double cpuSeconds,
                             long peakRssKib, int maxThreads, RequestCounts requests, RequestCounts idleRequests,
                             double idleSeconds, double idleCpuSeconds, LagStats lag, ThreadCpu threadCpu,
                             RestoreResult restore) {

    public WorkloadResult withRestore(RestoreResult timed) {
        return new WorkloadResult(tool, workload, run, writer, cpuSeconds, peakRssKib, maxThreads, requests,
                idleRequests, idleSeconds, idleCpuSeconds, lag, threadCpu, timed);
    }

    public double cpuSecondsPerMiB() {
        return cpuSeconds / writer.walMiB();
    }

    public double requestsPerMiB(RequestClass c) {
        return (c == null ? requests.total() : requests.get(c)) / writer.walMiB();
    }

    /** Requests in the idle window, scaled to an hour; NaN without an idle window. */
    public double idleRequestsPerHour(RequestClass c) {
        if (idleSeconds <= 0) {
            return Double.NaN;
        }
        return (c == null ? idleRequests.total() : idleRequests.get(c)) * 3600 / idleSeconds;
    }

    public double idleCpuSecondsPerHour() {
        return idleSeconds <= 0 ? Double.NaN : idleCpuSeconds * 3600 / idleSeconds;
    }
}
