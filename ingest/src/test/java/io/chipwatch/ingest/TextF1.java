package io.chipwatch.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Body-text F1: overlap of token 3-shingles (multisets); a Han character is one token. */
final class TextF1 {
    private static final Pattern TOKEN = Pattern.compile("\\p{IsHan}|[\\p{L}\\p{N}]+");

    private TextF1() {}

    static double f1(String extracted, String truth) {
        Map<String, Integer> e = shingles(extracted);
        Map<String, Integer> g = shingles(truth);
        int ne = e.values().stream().mapToInt(Integer::intValue).sum();
        int ng = g.values().stream().mapToInt(Integer::intValue).sum();
        if (ne == 0 || ng == 0) {
            return ne == ng ? 1.0 : 0.0;
        }
        int overlap = 0;
        for (Map.Entry<String, Integer> en : e.entrySet()) {
            overlap += Math.min(en.getValue(), g.getOrDefault(en.getKey(), 0));
        }
        double p = overlap / (double) ne;
        double r = overlap / (double) ng;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Map<String, Integer> shingles(String s) {
        List<String> t = tokens(s);
        Map<String, Integer> out = new HashMap<>();
        if (t.size() < 3) {
            t.forEach(x -> out.merge(x, 1, Integer::sum));
            return out;
        }
        for (int i = 0; i + 3 <= t.size(); i++) {
            out.merge(t.get(i) + " " + t.get(i + 1) + " " + t.get(i + 2), 1, Integer::sum);
        }
        return out;
    }
}
