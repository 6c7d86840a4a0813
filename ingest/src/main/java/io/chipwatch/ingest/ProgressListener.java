package io.chipwatch.ingest;

import java.time.Duration;

/** Receives replay progress; the CLI draws it as a progress bar on stderr. Called from the replaying thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);

    /**
     * Progress of a replay.
     *
     * @param filesDone     files finished (read or failed)
     * @param filesTotal    files found under the given paths
     * @param articles      articles read so far (published, skipped or failed)
     * @param published     articles published so far
     * @param ratePerSecond files per second so far
     * @param eta           estimated time left, or null before the first file
     * @param currentFile   the file just finished
     */
    record Progress(long filesDone, long filesTotal, long articles, long published, double ratePerSecond, Duration eta,
                    String currentFile) {}
}
