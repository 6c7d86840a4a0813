package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The word lists of {@link OrgRecognizer}, read from {@code org-names.yaml} beside this class: legal
 * forms, head nouns, words that are never names, places, and their Chinese counterparts.
 */
final class OrgVocabulary {
    static final String RESOURCE = "org-names.yaml";
    private static final OrgVocabulary STANDARD = load();

    final Set<String> legalForms;
    final Set<String> companyHeads;
    final Set<String> organizationHeads;
    final Set<String> agencyHeads;
    final Set<String> stopWords;
    final Set<String> genericWords;
    final Set<String> places;
    final Set<String> titleContinuations;
    final Set<String> descriptors;
    final Set<String> personFirstWords;
    final Set<String> namingWords;
    /** People's roles that take the organisation they work at: "an analyst at Gaoshan Asset Management". */
    final Set<String> affiliationRoles;
    /** Chinese roles of people that follow the name of the firm they work at (恒川证券分析师). */
    final List<String> zhRoles;
    final Set<String> listCues;
    /** Chinese suffixes, longest first within each first character. */
    final Map<Character, List<String>> zhSuffixesByFirst;
    final Set<String> zhLegalForms;
    /** The same, longest first: 股份有限公司 is stripped whole, not as 有限公司. */
    final List<String> zhLegalFormsLongestFirst;
    final Set<String> zhCompanyHeads;
    final Set<String> zhCompanyNouns;
    final Set<String> zhOrganizationHeads;
    final Set<String> zhAgencyHeads;
    /** Chinese stop words by their last character, longest first. */
    final Map<Character, List<String>> zhStopsByLast;
    final Set<String> zhGenericCores;
    final List<String> zhKeep;
    final Set<String> zhPlaces;
    final List<String> zhListCues;
    final int zhLongestGeneric;
    /** Places in China (Latin) and the adjectives that make an organisation Chinese; see {@link OrgProfiles}. */
    final Set<String> chinesePlaces;
    final List<String> zhChinesePlaces;
    final List<String> zhChineseLegalForms;
    /** Lower-cased words of a chip company's name or description, and of a memory company's. */
    final Set<String> chipWords;
    final Set<String> memoryWords;
    final List<String> zhChipWords;
    final List<String> zhMemoryWords;
    final Set<String> investorHeads;
    final List<String> zhInvestorHeads;
    final Set<String> descriptionStops;
    final List<String> zhProfileVerbs;
    final Set<String> headlineReferents;
    final List<String> zhDescriptorNouns;
    final Set<String> otherTrades;
    final List<String> zhOtherTrades;
    final Set<String> zhWeakAgencyHeads;
    final List<String> zhStatePrefixes;
    final Set<String> zhNotAgencies;
    /** Nouns after a weak Chinese head that show the head modifies them (优质科技企业, 半导体设备): no name ends there. */
    final List<String> zhModifiedNouns;
    /** Fields after an enumeration (量子、生物技术等领域): its items are trades, not organisations. */
    final List<String> zhFieldNouns;
    /** Nouns after "等" that make the items before them organisations (江波龙、佰维存储等模组厂商). */
    final List<String> zhListNouns;
    /** Verbs of market reports right after an enumeration of listed companies (A、B、C调入, A、B涨停). */
    final List<String> zhStockVerbs;
    /** Chinese descriptors of a firm right before a Latin name (分析机构WireScreen, 研究机构Omdia). */
    final List<String> zhLatinDescriptors;
    /** Endings of "据X报道": X is a news outlet (据彭博社报道, 据央视报道). */
    final List<String> zhReportVerbs;
    /** Words before a Latin head noun that make it a person's title (Deputy Public Prosecutor Phoebe Tan). */
    final Set<String> titleModifiers;
    /**
     * Well-known organisations outside the gazetteer, recognised by name alone (lists {@code commonCompanies},
     * {@code commonOrganizations}, {@code commonAgencies}): Latin names by the text of their first token, each
     * list longest name first; Chinese names by their first character, longest first.
     */
    final Map<String, List<CommonName>> commonLatinByFirstToken = new HashMap<>();
    final Map<Character, List<CommonName>> commonCjkByFirst = new HashMap<>();
    /** The first characters of the Chinese common names (a pre-check before the map lookup, which boxes). */
    final java.util.BitSet commonCjkFirstChars = new java.util.BitSet(Character.MAX_VALUE + 1);
    /** The same pre-check as {@link #anchorLengths} for the first tokens of the Latin common names. */
    final long[] commonFirstLengths = new long[128];

    /** A well-known organisation's name and type. */
    record CommonName(String name, io.chipwatch.model.EntityType type) {}

    /** Per ASCII first character, a bit per word length (1..63) of the legal forms and heads: a cheap pre-check. */
    final long[] anchorLengths = new long[128];
    /** The same for the descriptors. */
    final long[] descriptorLengths = new long[128];

    private OrgVocabulary(JsonNode root) {
        legalForms = withAndWithoutDot(strings(root, "legalForms"));
        companyHeads = set(root, "companyHeads");
        organizationHeads = set(root, "organizationHeads");
        agencyHeads = set(root, "agencyHeads");
        stopWords = set(root, "stopWords");
        genericWords = set(root, "genericWords");
        places = new HashSet<>();
        for (String p : strings(root, "places")) {
            places.addAll(List.of(p.split(" ")));
        }
        titleContinuations = set(root, "titleContinuations");
        descriptors = set(root, "descriptors");
        personFirstWords = set(root, "personFirstWords");
        namingWords = set(root, "namingWords");
        affiliationRoles = set(root, "affiliationRoles");
        zhRoles = List.copyOf(set(root, "zhRoles"));
        listCues = set(root, "listCues");
        zhLegalForms = set(root, "zhLegalForms");
        zhLegalFormsLongestFirst = zhLegalForms.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
        zhCompanyHeads = set(root, "zhCompanyHeads");
        zhCompanyNouns = set(root, "zhCompanyNouns");
        zhOrganizationHeads = set(root, "zhOrganizationHeads");
        zhAgencyHeads = set(root, "zhAgencyHeads");
        zhWeakAgencyHeads = set(root, "zhWeakAgencyHeads");
        zhAgencyHeads.addAll(zhWeakAgencyHeads);
        zhStatePrefixes = strings(root, "zhStatePrefixes");
        zhNotAgencies = set(root, "zhNotAgencies");
        zhModifiedNouns = strings(root, "zhModifiedNouns");
        zhFieldNouns = strings(root, "zhFieldNouns");
        zhListNouns = strings(root, "zhListNouns");
        zhStockVerbs = strings(root, "zhStockVerbs");
        zhLatinDescriptors = strings(root, "zhLatinDescriptors");
        zhReportVerbs = strings(root, "zhReportVerbs");
        titleModifiers = set(root, "titleModifiers");
        Set<String> suffixes = new HashSet<>();
        suffixes.addAll(zhLegalForms);
        suffixes.addAll(zhCompanyHeads);
        suffixes.addAll(zhCompanyNouns);
        suffixes.addAll(zhOrganizationHeads);
        suffixes.addAll(zhAgencyHeads);
        zhSuffixesByFirst = byChar(suffixes, true);
        zhStopsByLast = byChar(set(root, "zhStops"), false);
        zhGenericCores = set(root, "zhGenericCores");
        zhKeep = strings(root, "zhKeep");
        zhPlaces = set(root, "zhPlaces");
        zhListCues = strings(root, "zhListCues");
        zhLongestGeneric = zhGenericCores.stream().mapToInt(String::length).max().orElse(1);
        chinesePlaces = set(root, "chinesePlaces");
        zhChinesePlaces = strings(root, "zhChinesePlaces");
        zhChineseLegalForms = strings(root, "zhChineseLegalForms");
        chipWords = set(root, "chipWords");
        memoryWords = set(root, "memoryWords");
        zhChipWords = strings(root, "zhChipWords");
        zhMemoryWords = strings(root, "zhMemoryWords");
        investorHeads = set(root, "investorHeads");
        zhInvestorHeads = strings(root, "zhInvestorHeads");
        descriptionStops = set(root, "descriptionStops");
        zhProfileVerbs = strings(root, "zhProfileVerbs");
        headlineReferents = set(root, "headlineReferents");
        zhDescriptorNouns = strings(root, "zhDescriptorNouns");
        otherTrades = set(root, "otherTrades");
        zhOtherTrades = strings(root, "zhOtherTrades");
        for (Set<String> words : List.of(legalForms, companyHeads, organizationHeads, agencyHeads)) {
            words.forEach(w -> mark(anchorLengths, w));
        }
        descriptors.forEach(w -> mark(descriptorLengths, w));
        common(strings(root, "commonCompanies"), io.chipwatch.model.EntityType.COMPANY);
        common(strings(root, "commonOrganizations"), io.chipwatch.model.EntityType.ORGANIZATION);
        common(strings(root, "commonAgencies"), io.chipwatch.model.EntityType.AGENCY);
        Comparator<CommonName> longestFirst = Comparator.comparingInt((CommonName c) -> c.name().length()).reversed();
        commonLatinByFirstToken.values().forEach(l -> l.sort(longestFirst));
        commonCjkByFirst.values().forEach(l -> l.sort(longestFirst));
    }

    private void common(List<String> names, io.chipwatch.model.EntityType type) {
        for (String n : names) {
            CommonName c = new CommonName(n, type);
            if (Text.containsCjk(n)) {
                commonCjkByFirst.computeIfAbsent(n.charAt(0), k -> new ArrayList<>()).add(c);
                commonCjkFirstChars.set(n.charAt(0));
                continue;
            }
            // the first token as the recogniser's tokenizer cuts it, so lookups agree with the text's tokens
            LatinTokens t = new LatinTokens(n);
            if (t.size == 0 || !t.isWord(0) || t.start[0] != 0) {
                throw new IllegalStateException(RESOURCE + ": common name '" + n + "' must start with a word");
            }
            String first = t.word(0);
            commonLatinByFirstToken.computeIfAbsent(first, k -> new ArrayList<>()).add(c);
            mark(commonFirstLengths, first);
        }
    }

    private static void mark(long[] table, String w) {
        char c = w.charAt(0);
        if (c < 128) {
            table[c] |= 1L << Math.min(63, w.length());
        }
    }

    /** Whether s[start, end) may be one of the words marked in {@code table} (false: surely not). */
    static boolean mayBe(long[] table, String s, int start, int end) {
        char c = s.charAt(start);
        return c < 128 && (table[c] & 1L << Math.min(63, end - start)) != 0;
    }

    static OrgVocabulary standard() {
        return STANDARD;
    }

    private static OrgVocabulary load() {
        try (InputStream in = OrgVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path beside " + OrgVocabulary.class.getName());
            }
            return new OrgVocabulary(Json.YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static List<String> strings(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isArray()) {
            throw new IllegalStateException(RESOURCE + ": '" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Set<String> set(JsonNode root, String key) {
        return new HashSet<>(strings(root, key));
    }

    private static Set<String> withAndWithoutDot(List<String> forms) {
        Set<String> out = new HashSet<>();
        for (String f : forms) {
            out.add(f);
            if (f.endsWith(".")) {
                out.add(f.substring(0, f.length() - 1));
            }
        }
        return out;
    }

    /** Strings grouped by their first (or last) character, longest first. */
    private static Map<Character, List<String>> byChar(Set<String> words, boolean first) {
        Map<Character, List<String>> out = new HashMap<>();
        for (String w : words) {
            out.computeIfAbsent(first ? w.charAt(0) : w.charAt(w.length() - 1), k -> new ArrayList<>()).add(w);
        }
        out.values().forEach(l -> l.sort(Comparator.comparingInt(String::length).reversed()));
        return out;
    }

    boolean isLegalForm(String w) {
        return legalForms.contains(w);
    }
}
