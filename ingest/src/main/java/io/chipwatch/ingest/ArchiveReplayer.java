package io.chipwatch.ingest;

import io.chipwatch.ingest.internal.ArchiveFiles;
import io.chipwatch.ingest.internal.ArticlePublisher;
import io.chipwatch.ingest.internal.IngestMetrics;
import io.chipwatch.ingest.internal.IngestState;
import io.chipwatch.ingest.internal.Ingestor;
import io.chipwatch.ingest.internal.MalformedFeedException;
import io.chipwatch.ingest.internal.PlainText;
import io.chipwatch.ingest.internal.SourceReader;
import io.chipwatch.model.RawArticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes local archives to {@code articles.raw} for {@code chipwatch replay}: folders (recursive)
 * and files of {@code .txt}, {@code .html}, {@code .xml} feeds, {@code .json} and {@code .jsonl}, each
 * also gzipped. Ids already published from the same source (kept on the state topic) are skipped, so
 * a second replay of the same archive publishes nothing. Articles without a {@code Source} get the
 * source id {@value #ARCHIVE_SOURCE}.
 */
public final class ArchiveReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReplayer.class);
    public static final String ARCHIVE_SOURCE = "archive";

    private final IngestConfig config;
    private final ArticleExtractor extractor = new ArticleExtractor();
    private final Producer<byte[], byte[]> producer;
    private final Ingestor ingestor;

    /** Connects to Kafka and loads the state topic (ids already published). */
    public ArchiveReplayer(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.producer = ArticlePublisher.newProducer(config.kafkaProperties(), config.publishTimeout());
        try {
            IngestState state = new IngestState(config.stateTopic(), producer, config.publishTimeout(), config.seenMemoryMax());
            state.load(config.kafkaProperties(), config.stateLoadTimeout());
            this.ingestor = new Ingestor(state, new ArticlePublisher(config.rawTopic(), producer, config.publishTimeout()),
                    new IngestMetrics(registry));
        } catch (RuntimeException e) {
            producer.close(Duration.ofSeconds(5));
            throw e;
        }
    }

    public ArchiveReplayer(IngestConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /**
     * Replays the paths.
     *
     * @param since    only articles published at or after this instant (null: no lower bound)
     * @param until    only articles published before this instant (null: no upper bound); with either bound,
     *                 articles without a published date are skipped by date
     * @param listener progress after each file
     */
    public ReplaySummary replay(List<Path> paths, Instant since, Instant until, ProgressListener listener) {
        List<ReplaySummary.Failure> failures = new ArrayList<>();
        List<Path> files = collect(paths, failures);
        long started = System.nanoTime();
        long filesRead = 0;
        long published = 0;
        long seen = 0;
        long byDate = 0;
        long articles = 0;
        long done = 0;
        for (Path file : files) {
            try {
                List<ArchiveFiles.Item> items = ArchiveFiles.read(file, config.replayMaxFileBytes(), extractor);
                filesRead++;
                for (ArchiveFiles.Item item : items) {
                    articles++;
                    if (item.problem() != null) {
                        failures.add(new ReplaySummary.Failure(file.toString(), item.problem()));
                        LOG.warn("replay {}: {}", file, item.problem());
                        continue;
                    }
                    if (!inRange(item.publishedAt(), since, until)) {
                        byDate++;
                        continue;
                    }
                    try {
                        RawArticle a = toArticle(item);
                        if (ingestor.publishIfNew(a)) {
                            published++;
                        } else {
                            seen++;
                        }
                    } catch (RuntimeException e) {
                        failures.add(new ReplaySummary.Failure(file.toString(), e.getMessage()));
                        LOG.warn("replay {}: {}", file, e.getMessage());
                    }
                }
            } catch (MalformedFeedException | IOException e) {
                failures.add(new ReplaySummary.Failure(file.toString(), e.getMessage()));
                LOG.warn("replay {}: skipped: {}", file, e.getMessage());
            }
            done++;
            listener.onProgress(progress(done, files.size(), articles, published, started, file));
        }
        ReplaySummary summary = new ReplaySummary(filesRead, published, seen, byDate, failures);
        LOG.info("replay done: {}", summary);
        return summary;
    }

    /**
     * Reads the articles of one archive file exactly as {@link #replay} would publish them, without
     * Kafka (used by {@code chipwatch tag}). Items that cannot be read are returned as problems.
     *
     * @throws IOException when the whole file is unusable (unreadable, too large, malformed feed)
     */
    public static FileArticles readFile(Path file, long maxBytes) throws IOException {
        List<ArchiveFiles.Item> items;
        try {
            items = ArchiveFiles.read(file, maxBytes, new ArticleExtractor());
        } catch (MalformedFeedException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<RawArticle> articles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ArchiveFiles.Item item : items) {
            if (item.problem() != null) {
                problems.add(item.problem());
            } else {
                articles.add(toArticle(item));
            }
        }
        return new FileArticles(articles, problems);
    }

    /** Whether replay reads this file, judged by its name (.txt, .html, .xml, .json, .jsonl, ... and .gz). */
    public static boolean isArchiveFile(Path file) {
        return ArchiveFiles.isArchiveFile(file);
    }

    /**
     * Publishes articles obtained elsewhere (e.g. a feed checked once by {@code run --once}) with the
     * same once-per-source guarantee as replay. Returns how many were new.
     */
    public long publishAll(List<RawArticle> articles) {
        long published = 0;
        for (RawArticle a : articles) {
            if (ingestor.publishIfNew(a)) {
                published++;
            }
        }
        return published;
    }

    /** Articles read from one file, and the problems of items that could not be read. */
    public record FileArticles(List<RawArticle> articles, List<String> problems) {}

    private static RawArticle toArticle(ArchiveFiles.Item item) {
        String sourceId = item.sourceId() != null ? item.sourceId().strip() : ARCHIVE_SOURCE;
        String url = UrlCanonicalizer.canonicalize(item.url());
        String guid = item.guid() != null ? item.guid() : ArticleIds.contentGuid(String.valueOf(item.title()), String.valueOf(item.text()));
        return PlainText.article(new RawArticle(ArticleIds.of(sourceId, url, guid), sourceId, url, item.title(), item.text(), item.author(),
                SourceReader.primary(item.language()), item.publishedAt(), Instant.now(), List.of(), item.contentType()));
    }

    static boolean inRange(Instant at, Instant since, Instant until) {
        if (since == null && until == null) {
            return true;
        }
        if (at == null) {
            return false;
        }
        return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
    }

    private static List<Path> collect(List<Path> paths, List<ReplaySummary.Failure> failures) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(ArchiveFiles::isArchiveFile).sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    failures.add(new ReplaySummary.Failure(p.toString(), "cannot list folder: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                if (ArchiveFiles.isArchiveFile(p)) {
                    files.add(p);
                } else {
                    failures.add(new ReplaySummary.Failure(p.toString(),
                            "unsupported file type (expected .txt, .html, .xml, .json, .jsonl, optionally .gz)"));
                }
            } else {
                failures.add(new ReplaySummary.Failure(p.toString(), "no such file or folder"));
            }
        }
        return files;
    }

    private static ProgressListener.Progress progress(long done, long total, long articles, long published, long startedNanos, Path file) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = done / seconds;
        Duration eta = rate > 0 ? Duration.ofMillis((long) ((total - done) / rate * 1000)) : null;
        return new ProgressListener.Progress(done, total, articles, published, rate, eta, file.toString());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
