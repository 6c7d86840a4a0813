package io.chipwatch.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.ingest.ArticleExtractor;
import io.chipwatch.ingest.ExtractedArticle;
import io.chipwatch.ingest.NotTextException;
import io.chipwatch.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers of archive files: {@code .txt} (title line, optional {@code Key: value} metadata, blank line,
 * body), {@code .html}/{@code .htm} (through the extractor), {@code .xml}/{@code .rss}/{@code .atom}
 * feeds, {@code .json} (one object) and {@code .jsonl} (one per line); each also as {@code .gz}. A file
 * whose content is a feed (RSS, Atom, JSON Feed) is read as a feed whatever its extension.
 */
public final class ArchiveFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFiles.class);
    private static final Pattern META = Pattern.compile("(?i)^(published|source|url|language|author)\\s*:\\s*(.*)$");
    private static final List<String> TYPES = List.of(".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".jsonl");

    private ArchiveFiles() {}

    /**
     * One article read from an archive; {@code problem} is set (and the rest may be null) when this item
     * could not be read but the file's other items could.
     */
    public record Item(String title, String text, String url, Instant publishedAt, String sourceId, String language,
                       String author, String guid, String contentType, String problem) {
        static Item failed(String where, String problem) {
            return new Item(null, null, null, null, null, null, null, where, null, problem);
        }
    }

    /** Whether replay reads this file (by name). */
    public static boolean isArchiveFile(Path p) {
        String n = baseName(p);
        return TYPES.stream().anyMatch(n::endsWith);
    }

    /** Reads every article of one file; throws when the whole file is unusable. */
    public static List<Item> read(Path file, long maxBytes, ArticleExtractor extractor) throws IOException, MalformedFeedException {
        byte[] bytes = readBytes(file, maxBytes);
        String name = baseName(file);
        boolean feedByName = name.endsWith(".xml") || name.endsWith(".rss") || name.endsWith(".atom");
        if (feedByName || !name.endsWith(".jsonl") && FeedReader.looksLikeFeed(bytes, null)) {
            return readFeed(file, bytes);
        }
        if (name.endsWith(".txt")) {
            return List.of(readTxt(Charsets.decode(bytes, null)));
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            ExtractedArticle x;
            try {
                x = extractor.extract(bytes, null);
            } catch (NotTextException e) {
                return List.of(Item.failed(file.toString(), e.getMessage()));
            }
            return List.of(new Item(x.title(), x.text(), x.canonicalUrl(), x.publishedAt(), null, x.language(), x.author(),
                    null, "text/html", x.text().isBlank() ? "no article text found" : null));
        }
        if (name.endsWith(".jsonl")) {
            List<Item> items = new ArrayList<>();
            String[] lines = Charsets.decode(bytes, "charset=utf-8").split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    items.add(readJson(lines[i], "line " + (i + 1)));
                }
            }
            return items;
        }
        if (name.endsWith(".json")) {
            return List.of(readJson(Charsets.decode(bytes, "charset=utf-8"), "object"));
        }
        return readFeed(file, bytes);
    }

    /** Every item of a feed file, whatever its name says (a feed saved as .html or .txt is still a feed). */
    private static List<Item> readFeed(Path file, byte[] bytes) throws MalformedFeedException {
        FeedReader.ParsedFeed feed = FeedReader.parse(bytes, null, null);
        if (feed.recovered()) {
            LOG.warn("{}: broken feed recovered: {}", file, feed.repairs().stream().map(FeedRepair::detail).collect(Collectors.joining("; ")));
        }
        feed.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
        String type = SourceReader.feedContentType(feed.format(), null);
        List<Item> items = new ArrayList<>();
        for (FeedItem f : feed.items()) {
            items.add(new Item(f.title(), PlainText.text(f.html()), f.link(), f.publishedAt(), null, feed.language(),
                    f.author(), f.guid(), type, null));
        }
        return items;
    }

    static Item readTxt(String content) {
        String[] lines = content.replace("\r\n", "\n").split("\n", -1);
        String title = lines.length > 0 ? lines[0].strip() : "";
        String published = null;
        String source = null;
        String url = null;
        String language = null;
        String author = null;
        int i = 1;
        for (; i < lines.length && !lines[i].isBlank(); i++) {
            Matcher m = META.matcher(lines[i].strip());
            if (!m.matches()) {
                break; // no (more) metadata: the body starts here
            }
            String v = m.group(2).strip();
            switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "published" -> published = v;
                case "source" -> source = v;
                case "url" -> url = v;
                case "language" -> language = v;
                default -> author = v;
            }
        }
        if (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        String body = ContentScorer.normaliseParagraphs(String.join("\n", java.util.Arrays.copyOfRange(lines, Math.min(i, lines.length), lines.length)));
        Instant at = Dates.parse(published);
        String problem = published != null && at == null ? "unreadable Published date '" + published + "'" : null;
        return new Item(title, body, url, at, blankToNull(source), blankToNull(language), blankToNull(author), null, "text/plain", problem);
    }

    static Item readJson(String json, String where) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            return Item.failed(where, where + ": invalid JSON" + (loc == null ? "" : " at column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            return Item.failed(where, where + ": not a JSON object");
        }
        String published = text(n, "publishedAt");
        Instant at = Dates.parse(published);
        String problem = published != null && at == null ? "unreadable publishedAt '" + published + "'"
                : text(n, "title") == null && text(n, "text") == null ? "neither title nor text" : null;
        return new Item(text(n, "title"), text(n, "text") == null ? "" : ContentScorer.normaliseParagraphs(text(n, "text")),
                text(n, "url"), at, text(n, "sourceId"), text(n, "language"), text(n, "author"), text(n, "id"), "application/json",
                problem == null ? null : where + ": " + problem);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }

    private static byte[] readBytes(Path file, long maxBytes) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("larger than " + maxBytes + " bytes after decompression");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
