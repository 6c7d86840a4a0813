package io.chipwatch.enrich.internal;

import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an unknown organisation's name and description say about it, as the tags and country a gazetteer entry
 * would carry, so that watches filtering on {@code chinese}, {@code chip} or {@code memory} see it:
 * <ul>
 *   <li>Chinese (country {@code CN}, tag {@code chinese} for companies): a place in China in the name ("Wuxi
 *       Jinghe Stacking Technology", 杭州云芯微电子) or before the head of its description ("a Shenzhen-based
 *       maker", 国产GPU初创企业), or a Chinese legal form (有限公司);</li>
 *   <li>a chip company (tag {@code chip}; memory words also {@code memory}): a chip word in the name
 *       (Semiconductor, Microelectronics, Memory, 芯, 半导体, 存储) or in its description: an apposition ("X, a
 *       start-up that assembles stacked memory chips,"), a descriptor before it ("memory chipmaker X"), a Chinese
 *       line of business after it (锐算科技主营...端侧AI芯片). A fund, bank or broker named after what it invests
 *       in ("Pengcheng Semiconductor Industry Fund") is no chip company.</li>
 * </ul>
 * Only the first few mentions are read, a bounded window around each: no pass over the whole text.
 */
final class OrgProfiles {
    /** Mentions per field whose surroundings are read. */
    private static final int MENTIONS_READ = 3;
    /** Longest apposition read, in characters. */
    private static final int MAX_APPOSITION = 160;
    private static final int MAX_ZH_CLAUSE = 60;
    private static final int MAX_ZH_DESCRIPTOR = 16;

    private final OrgVocabulary v;

    OrgProfiles(OrgVocabulary vocabulary) {
        this.v = vocabulary;
    }

    /** Tags and country of one organisation; {@code country} null when nothing says. */
    record Profile(List<String> tags, String country) {
        static final Profile NONE = new Profile(List.of(), null);
    }

    /** Accumulates the evidence. */
    private static final class Verdict {
        boolean chinese;
        boolean chip;
        boolean memory;
        /** An investor, bank or a firm of another trade: its chip words say what it invests in or is named for. */
        boolean otherTrade;
    }

    Profile of(EntityType type, List<String> names, List<EntityTagger.Match> mentions, String title, String text) {
        Verdict x = new Verdict();
        for (String n : names) {
            name(n, x);
        }
        int readTitle = 0;
        int readText = 0;
        for (EntityTagger.Match m : mentions) {
            boolean inTitle = Mention.TITLE.equals(m.field());
            if (inTitle ? readTitle++ >= MENTIONS_READ : readText++ >= MENTIONS_READ) {
                continue;
            }
            String s = inTitle ? title : text;
            if (Text.containsCjk(s.substring(m.start(), m.end()))) {
                zhAfter(s, m.end(), x);
                zhBefore(s, m.start(), x);
            } else {
                apposition(s, m.end(), x);
                modifiersBefore(s, m.start(), x);
            }
        }
        if (x.otherTrade || type != EntityType.COMPANY) {
            x.chip = false;
            x.memory = false;
        }
        List<String> tags = new ArrayList<>(3);
        if (x.chinese && type == EntityType.COMPANY) {
            tags.add("chinese");
        }
        if (x.chip || x.memory) {
            tags.add("chip");
        }
        if (x.memory) {
            tags.add("memory");
        }
        return tags.isEmpty() && !x.chinese ? Profile.NONE : new Profile(List.copyOf(tags), x.chinese ? "CN" : null);
    }

    // ------------------------------------------------------------------------------------------------
    // The name
    // ------------------------------------------------------------------------------------------------

    private void name(String n, Verdict x) {
        if (Text.containsCjk(n)) {
            zhName(n, x);
            return;
        }
        String last = null;
        for (String w : words(n)) {
            if (v.isLegalForm(w) || v.isLegalForm(w + ".")) {
                continue;
            }
            last = w;
            x.chinese |= v.chinesePlaces.contains(w);
            x.otherTrade |= v.otherTrades.contains(w);
            trade(w.toLowerCase(Locale.ROOT), x);
        }
        x.otherTrade |= last != null && v.investorHeads.contains(last);
    }

    private void zhName(String n, Verdict x) {
        for (String p : v.zhChinesePlaces) {
            x.chinese |= n.startsWith(p);
        }
        for (String f : v.zhChineseLegalForms) {
            x.chinese |= n.endsWith(f);
        }
        zhTrade(n, x);
        String tail = n.length() > 6 ? n.substring(n.length() - 6) : n;
        for (String h : v.zhInvestorHeads) {
            x.otherTrade |= tail.contains(h);
        }
        for (String h : v.zhOtherTrades) {
            x.otherTrade |= n.contains(h);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Latin descriptions
    // ------------------------------------------------------------------------------------------------

    /**
     * ", a Shenzhen-based maker of optical components for lithography machines,": after a comma, a clause opened
     * by an article or a relative pronoun, to the next clause mark. Places count before the head noun (after it
     * they are the company's customers or markets), trade words up to a word that turns to customers ("to").
     */
    private void apposition(String s, int end, Verdict x) {
        int i = end;
        if (i >= s.length() || s.charAt(i) != ',') {
            return;
        }
        int stop = Math.min(s.length(), end + MAX_APPOSITION);
        List<String> words = new ArrayList<>();
        int k = i + 1;
        while (k < stop) {
            char c = s.charAt(k);
            if (c == ',' || c == '.' && (k + 1 >= stop || s.charAt(k + 1) == ' ' || s.charAt(k + 1) == '\n')
                    || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n' || c == '"' || c == '\u2014') {
                break;
            }
            k++;
        }
        words(s.substring(i + 1, k), words);
        if (words.isEmpty()) {
            return;
        }
        String first = words.get(0);
        if (!first.equals("a") && !first.equals("an") && !first.equals("the") && !first.equals("one")
                && !first.equals("which") && !first.equals("that")) {
            return;
        }
        boolean head = false;
        for (String w : words) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (v.descriptionStops.contains(lw)) {
                return;
            }
            if (!head) {
                chinesePlace(w, x);
            }
            head |= v.descriptors.contains(lw);
            trade(lw, x);
        }
    }

    /**
     * "Chinese memory chipmaker X", "Shenzhen-based X": the words right before a name, when the last of them is
     * a company noun or a "-based" place (up to five words, to a function word or a mark).
     */
    private void modifiersBefore(String s, int start, Verdict x) {
        if (start < 2 || s.charAt(start - 1) != ' ') {
            return;
        }
        int mark = -1;
        for (int k = start - 1; k >= Math.max(0, start - 60); k--) {
            char c = s.charAt(k);
            if (c == ',' || c == '.' || c == ';' || c == ':' || c == '\n' || c == '(' || c == '"') {
                mark = k;
                break;
            }
        }
        List<String> words = words(s.substring(Math.max(mark + 1, Math.max(0, start - 60)), start));
        if (words.isEmpty()) {
            return;
        }
        String last = words.get(words.size() - 1);
        String ll = last.toLowerCase(Locale.ROOT);
        if (!v.descriptors.contains(ll) && !ll.endsWith("-based") && !last.equals("Chinese")) {
            return;
        }
        for (int k = words.size() - 1, taken = 0; k >= 0 && taken < 5; k--, taken++) {
            String w = words.get(k);
            String lw = w.toLowerCase(Locale.ROOT);
            if (isFunctionWord(lw)) {
                break;
            }
            chinesePlace(w, x);
            trade(lw, x);
        }
    }

    /** "Shenzhen", "China's", "Shenzhen-based", "Hong Kong-registered". */
    private void chinesePlace(String w, Verdict x) {
        x.chinese |= v.chinesePlaces.contains(stripPossessive(w));
        if (w.indexOf('-') > 0) {
            for (String part : w.split("-")) {
                x.chinese |= v.chinesePlaces.contains(stripPossessive(part));
            }
        }
    }

    private static boolean isFunctionWord(String w) {
        return switch (w) {
            case "a", "an", "the", "of", "for", "to", "by", "with", "from", "in", "on", "at", "and", "or", "as", "that",
                 "which", "said", "says", "its", "their", "his", "her", "is", "was", "are", "were" -> true;
            default -> false;
        };
    }

    private void trade(String lw, Verdict x) {
        if (v.memoryWords.contains(lw)) {
            x.memory = true;
        } else if (v.chipWords.contains(lw)) {
            x.chip = true;
        } else if (lw.indexOf('-') > 0) {
            for (String part : lw.split("-")) {
                if (!part.isEmpty() && !part.equals(lw)) {
                    trade(part, x);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Chinese descriptions
    // ------------------------------------------------------------------------------------------------

    /** 锐算科技主营面向智能终端...的端侧AI芯片: a line-of-business verb in the clause after the name, then trade words. */
    private void zhAfter(String s, int end, Verdict x) {
        int stop = Math.min(s.length(), end + MAX_ZH_CLAUSE);
        int k = end;
        while (k < stop && !zhClauseMark(s.charAt(k))) {
            k++;
        }
        String clause = s.substring(end, k);
        int verb = -1;
        for (String p : v.zhProfileVerbs) {
            int at = clause.indexOf(p);
            if (at >= 0 && (verb < 0 || at < verb)) {
                verb = at;
            }
        }
        if (verb < 0 || verb > 12) {
            return;
        }
        String rest = clause.substring(verb);
        zhTrade(rest, x);
        if (rest.startsWith("是一家") || rest.startsWith("为一家") || rest.startsWith("系一家")) {
            for (String p : v.zhChinesePlaces) {
                x.chinese |= rest.contains(p);
            }
        }
    }

    /** 国产GPU初创企业杭州芯衡智算: a description ending in a company noun right before the name. */
    private void zhBefore(String s, int start, Verdict x) {
        int k = start;
        int floor = Math.max(0, start - MAX_ZH_DESCRIPTOR);
        while (k > floor && !zhClauseMark(s.charAt(k - 1)) && s.charAt(k - 1) != '、' && s.charAt(k - 1) != ' ') {
            k--;
        }
        String before = s.substring(k, start);
        boolean noun = false;
        for (String d : v.zhDescriptorNouns) {
            noun |= before.endsWith(d);
        }
        if (!noun) {
            return;
        }
        for (String p : v.zhChinesePlaces) {
            x.chinese |= before.contains(p);
        }
        zhTrade(before, x);
    }

    private void zhTrade(String s, Verdict x) {
        for (String w : v.zhMemoryWords) {
            if (s.contains(w)) {
                x.memory = true;
            }
        }
        for (String w : v.zhChipWords) {
            if (s.contains(w)) {
                x.chip = true;
            }
        }
    }

    private static boolean zhClauseMark(char c) {
        return switch (c) {
            case '。', '，', ',', '；', ';', '！', '？', '!', '?', '\n', '：', ':' -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------------------------------------

    private static String stripPossessive(String w) {
        return w.endsWith("'s") || w.endsWith("\u2019s") ? w.substring(0, w.length() - 2) : w;
    }

    /** The words of a Latin string: runs of letters, digits, hyphens and apostrophes. */
    private static List<String> words(String s) {
        return words(s, new ArrayList<>());
    }

    private static List<String> words(String s, List<String> out) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && !wordChar(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && wordChar(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                String w = s.substring(i, j);
                while (w.endsWith("-") || w.endsWith("'")) {
                    w = w.substring(0, w.length() - 1);
                }
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            i = j;
        }
        return out;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) && !Text.isCjk(c) || c == '-' || c == '\'' || c == '\u2019';
    }
}
