package io.chipwatch.enrich.internal;

import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds organisations the gazetteer does not know, from the form of their names:
 * <ul>
 *   <li>a legal form after capitalised words ("Brightpath Components Ltd", "Penang Arcwell Systems Sdn Bhd",
 *       "Xi'an Boyuan Instrument Co."), or a Chinese one (深圳市华信科技有限公司);</li>
 *   <li>a head noun after capitalised words of which one is distinctive ("Zenith Compute", "Hefei Tongchuang
 *       Computing Technology", "Halden Securities"), or before an "of" complement ("University of ...");
 *       Chinese heads (集团, 科技, 研究院, 大学, ...) after a name that ends at a function word;</li>
 *   <li>the other items of an enumeration that names at least one organisation ("A, B and C were added";
 *       中国稀土集团、北方稀土等企业);</li>
 *   <li>a name in apposition to a descriptor ("trading company Norlink", "Norlink, a Shenzhen-based
 *       distributor").</li>
 * </ul>
 * Sentence-initial capitals, months, days, people's titles, places and generic words never make a name;
 * in the title (headline case) only names with a legal form, or names also found in the body, count.
 * A name overlapping a gazetteer company (or chip, model, technology, policy, material, person) is that
 * entity's, not an unknown one: "Huawei Technologies Co., Ltd." is Huawei. A name overlapping a gazetteer
 * agency is dropped unless it is a longer body with a head of its own.
 *
 * <p>Each organisation gets the id {@code org:} + the slug of its name without legal form ({@link #idOf}),
 * type {@code COMPANY}, {@code ORGANIZATION} (university, institute, academy, association...) or
 * {@code AGENCY} (ministry, bureau, commission...), and every mention of its full name, its name without
 * legal form and, for companies, its name without trailing head nouns ("Bangkok Meridian"). The Chinese rules
 * are {@link ChineseOrgNames}; the word lists {@code org-names.yaml} ({@link OrgVocabulary}). Stateless and
 * thread-safe.
 */
public final class OrgRecognizer {
    private static final int MAX_NAME_TOKENS = 10;
    /** Distinct unknown organisations kept per article; real articles name a few dozen at most. */
    static final int MAX_ORGS = 100;

    private final OrgVocabulary v;
    private final ChineseOrgNames chinese;
    private final OrgProfiles profiles;

    public OrgRecognizer() {
        this(OrgVocabulary.standard());
    }

    OrgRecognizer(OrgVocabulary vocabulary) {
        this.v = vocabulary;
        this.chinese = new ChineseOrgNames(vocabulary);
        this.profiles = new OrgProfiles(vocabulary);
    }

    /** A recognised name in one field. */
    record Candidate(String field, int start, int end, EntityType type, String core) {}

    /** Candidates so far, with the characters they cover per field (for constant-time overlap checks). */
    static final class Found extends ArrayList<Candidate> {
        private final java.util.BitSet title = new java.util.BitSet();
        private final java.util.BitSet text = new java.util.BitSet();

        @Override
        public boolean add(Candidate c) {
            bits(c.field()).set(c.start(), c.end());
            return super.add(c);
        }

        private java.util.BitSet bits(String field) {
            return Mention.TITLE.equals(field) ? title : text;
        }

        boolean covers(String field, int offset) {
            return bits(field).get(offset);
        }

        boolean overlaps(String field, int start, int end) {
            int n = bits(field).nextSetBit(start);
            return n >= 0 && n < end;
        }
    }

    /** The id of an unknown organisation: {@code org:} + the lower-cased core name, runs of other characters as "-". */
    public static String idOf(String core) {
        String lower = core.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(TaggedEntity.UNKNOWN_ID_PREFIX);
        boolean dash = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (dash && sb.length() > TaggedEntity.UNKNOWN_ID_PREFIX.length()) {
                    sb.append('-');
                }
                sb.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        return sb.toString();
    }

    public static boolean isUnknown(GazetteerEntry e) {
        return e.id().startsWith(TaggedEntity.UNKNOWN_ID_PREFIX);
    }

    /**
     * Unknown organisations of an article as matches (with a synthetic entry per organisation), in field
     * then offset order, none overlapping {@code known} (the gazetteer matches, in the same order).
     */
    public List<EntityTagger.Match> recognize(String titleAsWritten, String textAsWritten,
                                              List<EntityTagger.Match> known) {
        // Taiwan and Hong Kong outlets write 經濟部國際貿易署 and 兩家公司: the Chinese word lists are simplified, so
        // names are found in the simplified text (same offsets) and keep the characters they were written in
        String title = Text.hans(titleAsWritten);
        String text = Text.hans(textAsWritten);
        List<EntityTagger.Match> knownText = new ArrayList<>();
        List<EntityTagger.Match> knownTitle = new ArrayList<>();
        for (EntityTagger.Match m : known) {
            (Mention.TITLE.equals(m.field()) ? knownTitle : knownText).add(m);
        }
        Found found = new Found();
        LatinTokens textTokens = new LatinTokens(text);
        latin(Mention.TEXT, textTokens, knownText, false, found);
        if (textTokens.hasCjk) {
            chinese.find(Mention.TEXT, text, knownText, found);
            latinAfterChinese(Mention.TEXT, textTokens, knownText, found);
        }
        commonNames(Mention.TEXT, textTokens, knownText, found);
        LatinTokens titleTokens = new LatinTokens(title);
        latin(Mention.TITLE, titleTokens, knownTitle, true, found);
        if (titleTokens.hasCjk) {
            chinese.find(Mention.TITLE, title, knownTitle, found);
        }
        commonNames(Mention.TITLE, titleTokens, knownTitle, found);
        found.removeIf(c -> Mention.TEXT.equals(c.field()) && inHeaderField(text, c.start()));
        if (found.isEmpty()) {
            return List.of();
        }
        found.sort(Comparator.comparing((Candidate c) -> Mention.TITLE.equals(c.field()) ? 1 : 0)
                .thenComparingInt(Candidate::start));
        return mentions(title, text, titleAsWritten, textAsWritten, found, knownTitle, knownText);
    }

    /**
     * A Latin name right after a Chinese descriptor of a firm: 分析机构WireScreen此前测算, 市场研究机构Omdia的统计. Up to three
     * capitalised words with a distinctive one, ending at the Chinese text or punctuation.
     */
    private void latinAfterChinese(String field, LatinTokens t, List<EntityTagger.Match> known, Found out) {
        for (int i = 1; i < t.size; i++) {
            if (!t.is(i - 1, LatinTokens.CJK) || t.end[i - 1] != t.start[i] || !t.isCapitalised(i)
                    || out.covers(field, t.start[i])) {
                continue;
            }
            String before = t.word(i - 1);
            boolean descriptor = false;
            for (String d : v.zhLatinDescriptors) {
                descriptor |= before.endsWith(d);
            }
            if (!descriptor) {
                continue;
            }
            int r = bareName(t, i, 3, field, known);
            if (r < 0 || t.isWord(r + 1) && t.start[r + 1] == t.end[r] || !hasLowerCase(t.s, t.start[i], t.end[r])) {
                continue; // all capitals after a Chinese noun are a product or standard: 厂商FC-BGA, 海光DCU
            }
            out.add(new Candidate(field, t.start[i], bareEnd(t, r), EntityType.COMPANY,
                    t.s.substring(t.start[i], bareEnd(t, r))));
        }
    }

    private static boolean hasLowerCase(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            if (Character.isLowerCase(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    /** The value of a "Source: " or "Author: " header line (the outlet or writer of the article, not its subject). */
    private static boolean inHeaderField(String text, int start) {
        return start >= 8 && text.startsWith("Source: ", start - 8) || start >= 8 && text.startsWith("Author: ", start - 8);
    }

    // ------------------------------------------------------------------------------------------------
    // Well-known organisations by name
    // ------------------------------------------------------------------------------------------------

    /**
     * The well-known organisations of {@code org-names.yaml} ({@code common*}) that the rules above did not find:
     * a bare "Goldman Sachs", "TrendForce" or 中信证券 has no legal form or head noun to anchor on. Latin names
     * match case-sensitively from a token start to a word end; Chinese ones anywhere. Never over a gazetteer
     * match or a name already found.
     */
    private void commonNames(String field, LatinTokens t, List<EntityTagger.Match> known, Found out) {
        String s = t.s;
        for (int i = 0; i < t.size; i++) {
            if (!t.isCapitalised(i)) {
                continue;
            }
            int e = t.isPossessive(i) ? t.end[i] - 2 : t.end[i];
            if (!OrgVocabulary.mayBe(v.commonFirstLengths, s, t.start[i], e)) {
                continue;
            }
            List<OrgVocabulary.CommonName> names = v.commonLatinByFirstToken.get(t.base(i));
            if (names == null) {
                continue;
            }
            for (OrgVocabulary.CommonName c : names) {
                int start = t.start[i];
                int end = start + c.name().length();
                if (s.startsWith(c.name(), start) && (end == s.length() || !Text.isWordChar(s.charAt(end)))
                        && !out.overlaps(field, start, end) && !crossesKnown(start, end, known)) {
                    out.add(new Candidate(field, start, end, c.type(), c.name()));
                    while (i + 1 < t.size && t.start[i + 1] < end) {
                        i++;
                    }
                    break;
                }
            }
        }
        if (!t.hasCjk) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!v.commonCjkFirstChars.get(s.charAt(i))) {
                continue;
            }
            List<OrgVocabulary.CommonName> names = v.commonCjkByFirst.get(s.charAt(i));
            if (names == null) {
                continue;
            }
            for (OrgVocabulary.CommonName c : names) {
                int end = i + c.name().length();
                if (s.startsWith(c.name(), i) && !out.overlaps(field, i, end) && !crossesKnown(i, end, known)) {
                    out.add(new Candidate(field, i, end, c.type(), c.name()));
                    i = end - 1;
                    break;
                }
            }
        }
    }

    /**
     * Whether a gazetteer match reaches outside [start, end), covers all of it, or is an agency or company inside it
     * (国务院国资委 is the gazetteer's 国资委). A country, material or technology strictly inside is fine: the listed
     * name is the longer, curated one ("Bank of America", "Taiwan Stock Exchange", "China Northern Rare Earth").
     */
    private static boolean crossesKnown(int start, int end, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                return false;
            }
            if (m.end() > start && (m.start() < start || m.end() > end || m.end() - m.start() == end - start
                    || ownBody(m, EntityType.AGENCY))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------
    // Latin script
    // ------------------------------------------------------------------------------------------------

    private enum Role { NONE, LEGAL, COMPANY_HEAD, ORG_HEAD, AGENCY_HEAD }

    private Role role(String w) {
        if (v.isLegalForm(w)) {
            return Role.LEGAL;
        }
        if (v.agencyHeads.contains(w)) {
            return Role.AGENCY_HEAD;
        }
        if (v.organizationHeads.contains(w)) {
            return Role.ORG_HEAD;
        }
        if (v.companyHeads.contains(w)) {
            return Role.COMPANY_HEAD;
        }
        return Role.NONE;
    }

    /** The pre-check of {@link #role}: false when the word (or its base before "'s") is surely no anchor. */
    private boolean mayBeAnchor(LatinTokens t, int i) {
        int e = t.end[i];
        return OrgVocabulary.mayBe(v.anchorLengths, t.s, t.start[i], e)
                || t.isPossessive(i) && OrgVocabulary.mayBe(v.anchorLengths, t.s, t.start[i], e - 2);
    }

    /** A capitalised word that may be part of a name (to the left of a head). */
    private boolean nameWord(LatinTokens t, int i) {
        if (!t.isCapitalised(i) || t.isPossessive(i)) {
            return false;
        }
        String w = t.word(i);
        if (v.stopWords.contains(w) || w.length() > 30) {
            return false;
        }
        // "Beijing-based", "Tencent-backed": a description, not part of the name
        int dash = w.indexOf('-');
        return dash < 0 || dash + 1 >= w.length() || !Character.isLowerCase(w.charAt(dash + 1));
    }

    private boolean distinctive(String w) {
        return !v.genericWords.contains(w) && !v.places.contains(w) && !v.stopWords.contains(w)
                && !v.legalForms.contains(w) && !v.companyHeads.contains(w) && !v.organizationHeads.contains(w)
                && !v.agencyHeads.contains(w) && (w.length() > 1 || Character.isDigit(w.charAt(0)));
    }

    private void latin(String field, LatinTokens t, List<EntityTagger.Match> known, boolean title, Found out) {
        int from = out.size();
        for (int i = 0; i < t.size; i++) {
            if (!t.isCapitalised(i) || !mayBeAnchor(t, i)) {
                continue;
            }
            Role r = role(t.base(i));
            if (r == Role.NONE) {
                continue;
            }
            int end = anchored(field, t, i, known, title, out);
            if (end > i) {
                i = end;
            }
        }
        if (!title) {
            appositions(field, t, known, out);
            enumerations(field, t, known, out, from);
        }
    }

    /** A name around the head or legal form at token {@code a}; returns its last token, or -1. */
    private int anchored(String field, LatinTokens t, int a, List<EntityTagger.Match> known, boolean title,
                         Found out) {
        int l = a;
        int r = a;
        // right: more heads and legal forms ("Technology Co., Ltd.", "Sdn Bhd", "(Shenzhen) Co.")
        while (!t.isPossessive(r) && r - l < MAX_NAME_TOKENS) {
            if (t.isCapitalised(r + 1) && role(t.base(r + 1)) != Role.NONE) {
                r++;
            } else if (t.is(r + 1, LatinTokens.COMMA) && t.isWord(r + 2) && v.isLegalForm(t.base(r + 2))
                    && !v.companyHeads.contains(t.base(r + 2))) {
                r += 2;
            } else if (t.is(r + 1, LatinTokens.LPAREN) && t.isCapitalised(r + 2) && t.is(r + 3, LatinTokens.RPAREN)
                    && t.isCapitalised(r + 4) && role(t.base(r + 4)) != Role.NONE) {
                r += 4;
            } else if (t.is(r + 1, LatinTokens.LPAREN) && t.isCapitalised(r + 2) && t.is(r + 3, LatinTokens.RPAREN)
                    && (v.places.contains(t.base(r + 2)) || coveredByCountry(field, t.start[r + 2], t.end[r + 2], known))) {
                r += 3; // a unit's place after its head: "Intel Semiconductor (Dalian)"
            } else {
                break;
            }
        }
        Role headRole = Role.NONE;
        boolean legal = false;
        for (int k = l; k <= r; k++) {
            if (!t.isWord(k)) {
                continue;
            }
            Role kr = role(t.base(k));
            legal |= kr == Role.LEGAL;
            if (kr == Role.AGENCY_HEAD || kr == Role.ORG_HEAD && headRole != Role.AGENCY_HEAD) {
                headRole = kr;
            }
        }
        // an "of"/"for" complement: "University of Science and Technology of China", "Bureau of Industry"
        if (headRole != Role.NONE && !t.isPossessive(r) && (t.wordEquals(r + 1, "of") || t.wordEquals(r + 1, "for"))) {
            int j = r + 2;
            if (t.wordEquals(j, "the")) {
                j++;
            }
            int last = -1;
            while (t.isWord(j) && j - l < MAX_NAME_TOKENS + 6) {
                if (t.isCapitalised(j) && !v.stopWords.contains(t.base(j))) {
                    last = j;
                    if (t.isPossessive(j)) {
                        break;
                    }
                    j++;
                } else if (last == j - 1 && (t.wordEquals(j, "and") || t.wordEquals(j, "of") || t.wordEquals(j, "for"))
                        && t.isCapitalised(j + 1)) {
                    j++;
                } else {
                    break;
                }
            }
            if (last > 0) {
                r = last;
            }
        }
        // left: capitalised name words ("Hefei Tongchuang Computing Technology"), a bracketed place
        // ("Tallis Ridge Freight (HK) Ltd"), a possessive before a body's head ("U.S. Attorney's Office")
        while (r - l < MAX_NAME_TOKENS) {
            if (nameWord(t, l - 1)) {
                l--;
            } else if (t.is(l - 1, LatinTokens.AMP) && nameWord(t, l - 2)) {
                l -= 2;
            } else if (t.is(l - 1, LatinTokens.RPAREN) && t.isCapitalised(l - 2) && t.is(l - 3, LatinTokens.LPAREN)
                    && nameWord(t, l - 4)) {
                l -= 4;
            } else if (l - 1 >= 0 && knownCompanyEndingAt(t.end[l - 1], known) != null
                    && startsWithCapital(t.s, knownCompanyEndingAt(t.end[l - 1], known).start())) {
                // a gazetteer company written with a lower-case word ("SK hynix Semiconductor (China)"): the name
                // takes it whole, and survivesGazetteer decides whether it is the company's unit abroad or the company
                int start = knownCompanyEndingAt(t.end[l - 1], known).start();
                while (l - 1 >= 0 && t.start[l - 1] >= start) {
                    l--;
                }
                break;
            } else if (l == a && t.isPossessive(l - 1) && t.isCapitalised(l - 1) && isBodyHead(t.base(l))
                    && !v.stopWords.contains(t.base(l - 1)) && !v.places.contains(t.base(l - 1))
                    && !overlapsKnown(t.start[l - 1], t.end[l - 1], known)) {
                l--;
            } else {
                break;
            }
        }
        int start = t.start[l];
        int end = t.isPossessive(r) ? t.end[r] - 2 : t.end[r];
        int namesBefore = 0;
        int distinctive = 0;
        int heads = 0;
        for (int k = l; k <= r; k++) {
            if (!t.isWord(k) || !t.isCapitalised(k)) {
                continue;
            }
            String w = t.base(k);
            Role kr = role(w);
            if (kr == Role.LEGAL) {
                continue;
            }
            if (kr != Role.NONE) {
                heads++;
            } else {
                namesBefore++;
            }
            if (distinctive(w) && !coveredByCountry(field, t.start[k], t.end[k], known)) {
                distinctive++;
            }
        }
        boolean accept;
        if (legal) {
            accept = distinctive >= 1 || namesBefore + heads >= 2;
        } else if (title) {
            accept = false; // headline case: heads alone prove nothing in a title
        } else if (headRole != Role.NONE) {
            accept = namesBefore + heads >= 2 || distinctive >= 1;
        } else {
            // a head noun alone: a short name ("Zenith Compute", "Hefei Tongchuang Computing Technology"), not a
            // run of capitalised menu or headline words ("Markets Design Fabs Policy Data")
            accept = distinctive >= 1 && namesBefore <= 3;
        }
        if (accept && !legal && headRole == Role.AGENCY_HEAD && t.isWord(l - 1) && v.titleModifiers.contains(t.word(l - 1))
                && t.isCapitalised(r + 1) && !hasOf(t, l, r)) {
            accept = false; // "Deputy Public Prosecutor Phoebe Tan": a person's title
        }
        if (accept && !legal && t.isCapitalised(r + 1) && v.titleContinuations.contains(t.base(r + 1))) {
            accept = false; // "Export Administration Regulations", "Hang Seng Tech Index"
        }
        if (!accept) {
            return r;
        }
        EntityType type = headRole == Role.AGENCY_HEAD ? EntityType.AGENCY
                : headRole == Role.ORG_HEAD ? EntityType.ORGANIZATION : EntityType.COMPANY;
        if (!survivesGazetteer(field, start, end, type, legal, t, l, r, known)) {
            return r;
        }
        out.add(new Candidate(field, start, end, type, latinCore(t, l, r)));
        return r;
    }

    /** Whether the name has an "of" complement (then it is a body, not a title): "Deputy Ministry of Justice". */
    private static boolean hasOf(LatinTokens t, int l, int r) {
        for (int k = l; k <= r; k++) {
            if (t.wordEquals(k, "of")) {
                return true;
            }
        }
        return false;
    }

    private boolean isBodyHead(String w) {
        return v.agencyHeads.contains(w) || v.organizationHeads.contains(w);
    }

    /** The name's words without legal forms (and what joins them to the name): the id's base. */
    private String latinCore(LatinTokens t, int l, int r) {
        int last = r;
        while (last > l && (!t.isWord(last) || v.isLegalForm(t.base(last)) && !v.companyHeads.contains(t.base(last))
                || t.is(last, LatinTokens.RPAREN))) {
            if (t.is(last, LatinTokens.RPAREN)) {
                break;
            }
            last--;
        }
        if (last == l && v.isLegalForm(t.base(l))) {
            last = r;
        }
        int end = t.isPossessive(last) ? t.end[last] - 2 : t.end[last];
        return t.s.substring(t.start[l], end);
    }

    private static boolean coveredByCountry(String field, int start, int end, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                break;
            }
            if (m.end() > start && m.entry().type() == EntityType.COUNTRY) {
                return true;
            }
        }
        return false;
    }

    /**
     * False when the span is (part of) a gazetteer entity: a company, chip, model, technology, policy, material
     * or person inside it makes it that entity's ("Huawei Technologies Co., Ltd." is Huawei). Countries inside a
     * name are fine; so are agencies and companies inside a body with a head of its own outside them
     * ("State Council Tariff Commission", "China Telecom Research Institute").
     */
    private boolean survivesGazetteer(String field, int start, int end, EntityType type, boolean legal, LatinTokens t,
                                      int l, int r, List<EntityTagger.Match> known) {
        if (type == EntityType.COMPANY && subsidiary(v, t.s, start, end, known)) {
            return true;
        }
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                break;
            }
            if (m.end() <= start || allowedInside(m, legal || type != EntityType.COMPANY)) {
                continue;
            }
            if (!ownBody(m, type)) {
                return false;
            }
            boolean headOutside = false;
            for (int k = l; k <= r; k++) {
                Role kr = t.isWord(k) ? role(t.base(k)) : Role.NONE;
                if ((kr == Role.AGENCY_HEAD || kr == Role.ORG_HEAD) && (t.start[k] >= m.end() || t.end[k] <= m.start())) {
                    headOutside = true;
                }
            }
            if (!headOutside) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether [start, end) is a known company's local subsidiary: the name opens with a gazetteer company and, after
     * it, names a place, bare or in brackets, with nothing else known inside but countries ("Samsung China
     * Semiconductor", "SK Hynix Semiconductor (China) Ltd.", "Inspur Taiwan Co., Ltd.", 英特尔半导体（大连）). Such a
     * unit is a legal person of its own, and the one that a listing or a VEU revocation names. A place in the
     * parent's own country is its registered seat, not a unit: 沐曦集成电路(上海)股份有限公司 is MetaX, and "Huawei
     * Technologies Co., Ltd." names no place and is Huawei. The parent stays an entity of the article.
     */
    static boolean subsidiary(OrgVocabulary v, String s, int start, int end, List<EntityTagger.Match> known) {
        int ix = from(known, start);
        if (ix >= known.size()) {
            return false;
        }
        EntityTagger.Match parent = known.get(ix);
        if (parent.start() != start || parent.end() >= end || parent.entry().type() != EntityType.COMPANY) {
            return false;
        }
        String home = parent.entry().country() != null ? parent.entry().country() : parent.entry().inheritedCountry();
        boolean abroad = false;
        for (int k = ix + 1; k < known.size() && known.get(k).start() < end; k++) {
            EntityTagger.Match m = known.get(k);
            if (m.entry().type() != EntityType.COUNTRY || m.end() > end) {
                return false;
            }
            abroad |= !java.util.Objects.equals(home, m.entry().country());
        }
        String rest = s.substring(parent.end(), end);
        for (String w : rest.split("[^\\p{L}']+")) {
            if (!w.isEmpty() && v.places.contains(w)) {
                abroad |= !("CN".equals(home) && v.chinesePlaces.contains(w));
            }
        }
        for (String p : v.zhPlaces) {
            if (rest.contains(p)) {
                abroad |= !("CN".equals(home) && v.zhChinesePlaces.contains(p));
            }
        }
        return abroad;
    }

    /**
     * A gazetteer entity that may sit inside an unknown name: a country ("Taiwan Affairs Office"), and in a name
     * with a legal form or 集团 a material or technology word (中国稀土集团).
     */
    static boolean allowedInside(EntityTagger.Match m, boolean strong) {
        EntityType kt = m.entry().type();
        return kt == EntityType.COUNTRY || strong && (kt == EntityType.MATERIAL || kt == EntityType.TECHNOLOGY);
    }

    /** A gazetteer entity that may sit inside an agency's or organisation's name when their head lies outside it. */
    static boolean ownBody(EntityTagger.Match m, EntityType type) {
        EntityType kt = m.entry().type();
        return type != EntityType.COMPANY && (kt == EntityType.AGENCY || kt == EntityType.COMPANY);
    }

    /** Whether a mention [start, end) of an unknown organisation of {@code type} collides with a gazetteer match. */
    private static boolean blockedMention(int start, int end, EntityType type, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                return false;
            }
            if (m.end() > start && !allowedInside(m, true) && !ownBody(m, type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Index of the first match of {@code known} ending after {@code offset}: the matches of one field do not
     * overlap, so their ends are in the same order as their starts, and every scan below starts here instead
     * of at the beginning (a 2 MB article has thousands of matches).
     */
    static int from(List<EntityTagger.Match> known, int offset) {
        int lo = 0;
        int hi = known.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (known.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether every match of {@code known} overlapping [start, end) is a country lying inside it. */
    private static boolean onlyCountries(int start, int end, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                return true;
            }
            if (m.end() > start && (m.entry().type() != EntityType.COUNTRY || m.start() < start || m.end() > end)) {
                return false;
            }
        }
        return true;
    }

    /** Whether [start, end) overlaps any match of {@code known}. */
    static boolean overlapsKnown(int start, int end, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                return false;
            }
            if (m.end() > start) {
                return true;
            }
        }
        return false;
    }

    /** The gazetteer match starting exactly at {@code start} and a company or organisation, or null. */
    /** The gazetteer company match ending exactly at {@code end}, or null. */
    private static EntityTagger.Match knownCompanyEndingAt(int end, List<EntityTagger.Match> known) {
        int ix = from(known, end - 1);
        if (ix >= known.size()) {
            return null;
        }
        EntityTagger.Match m = known.get(ix);
        return m.end() == end && m.entry().type() == EntityType.COMPANY ? m : null;
    }

    private static boolean startsWithCapital(String s, int at) {
        return at < s.length() && Character.isUpperCase(s.charAt(at));
    }

    private static EntityTagger.Match knownOrgAt(int start, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() > start) {
                return null;
            }
            if (m.start() == start && (m.entry().type() == EntityType.COMPANY || m.entry().type() == EntityType.ORGANIZATION)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A run of capitalised name words from token {@code i} (at most {@code max}), accepted as a bare name when
     * it has a distinctive word and no gazetteer entity in it; returns its last token, or -1.
     */
    private int bareName(LatinTokens t, int i, int max, String field, List<EntityTagger.Match> known) {
        if (!nameWord(t, i) || !t.isCapitalised(i)) {
            return -1;
        }
        int r = i;
        while (r - i + 1 < max && !t.isPossessive(r) && nameWord(t, r + 1)) {
            r++;
        }
        int distinctive = 0;
        for (int k = i; k <= r; k++) {
            if (distinctive(t.base(k))) {
                distinctive++;
            }
        }
        if (distinctive == 0 || overlapsKnown(t.start[i], t.end[r], known)
                && !(r > i && distinctive(t.base(i)) && onlyCountries(t.end[i], t.end[r], known)
                     && !overlapsKnown(t.start[i], t.end[i], known))) {
            return -1; // a gazetteer entity, except a country after a brand: "Sands China", "MGM China"
        }
        if (r > i && r - i <= 2 && v.personFirstWords.contains(t.base(i))) {
            return -1; // "designer Jim Keller", "Li Wei": a person
        }
        if (t.isCapitalised(r + 1) && v.titleContinuations.contains(t.base(r + 1))) {
            return -1;
        }
        return r;
    }

    private int bareEnd(LatinTokens t, int r) {
        return t.isPossessive(r) ? t.end[r] - 2 : t.end[r];
    }

    /** "trading company Brightpath", "a company called Norlink", "Norlink, a Shenzhen-based distributor," */
    private void appositions(String field, LatinTokens t, List<EntityTagger.Match> known, Found out) {
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] == LatinTokens.WORD && t.s.charAt(t.start[i]) == 'a' && t.wordEquals(i, "according")
                    && t.wordEquals(i + 1, "to") && camelCase(t, i + 2)
                    && !t.isCapitalised(i + 3) && !overlapsKnown(t.start[i + 2], t.end[i + 2], known)) {
                out.add(new Candidate(field, t.start[i + 2], bareEnd(t, i + 2), EntityType.COMPANY, t.base(i + 2)));
                continue;
            }
            if (t.isLowerWord(i) && t.wordEquals(i + 1, "at") && t.isCapitalised(i + 2) && !out.covers(field, t.start[i + 2])
                    && v.affiliationRoles.contains(t.word(i))) {
                affiliation(field, t, i + 2, known, out);
                continue;
            }
            if (!t.isLowerWord(i) || !OrgVocabulary.mayBe(v.descriptorLengths, t.s, t.start[i], t.end[i])
                    || !v.descriptors.contains(t.word(i))) {
                continue;
            }
            // "module makers such as Kingston and Halvorsen", "suppliers including A, B and C"
            int list = t.wordEquals(i + 1, "such") && t.wordEquals(i + 2, "as") ? i + 3
                    : t.wordEquals(i + 1, "including") || t.wordEquals(i + 1, "like") ? i + 2 : -1;
            while (list > 0 && t.isCapitalised(list)) {
                int r = bareName(t, list, 4, field, known);
                int last = r;
                if (r >= 0 && !out.covers(field, t.start[list])) {
                    out.add(new Candidate(field, t.start[list], bareEnd(t, r), typeOfDescriptor(t.word(i)),
                            t.s.substring(t.start[list], bareEnd(t, r))));
                } else if (r < 0) {
                    EntityTagger.Match m = matchAt(t.start[list], known);
                    if (m == null) {
                        break;
                    }
                    last = tokenEndingAt(t, list, m.end());
                }
                int next = last + 1;
                if (t.is(next, LatinTokens.COMMA) && t.wordEquals(next + 1, "and")) {
                    next += 2;
                } else if (t.is(next, LatinTokens.COMMA) || t.wordEquals(next, "and")) {
                    next++;
                } else {
                    break;
                }
                list = next;
            }
            // descriptor before the name
            int j = i + 1;
            boolean comma = false;
            if (t.is(j, LatinTokens.COMMA)) {
                comma = true;
                j++;
            } else if (t.isWord(j) && v.namingWords.contains(t.word(j))) {
                j++;
                if (t.wordEquals(j, "as")) {
                    j++;
                }
            }
            if (t.isCapitalised(j) && !out.covers(field, t.start[j])) {
                int r = bareName(t, j, 4, field, known);
                if (r >= 0 && (!comma || r > j) && !followedByPersonVerb(t, r)) {
                    out.add(new Candidate(field, t.start[j], bareEnd(t, r), typeOfDescriptor(t.word(i)),
                            t.s.substring(t.start[j], bareEnd(t, r))));
                }
            }
            // name before ", a|an ... descriptor" where the descriptor ends its phrase
            if (!closesAppositive(t, i + 1)) {
                continue;
            }
            int k = i - 1;
            int steps = 0;
            while (k >= 0 && steps < 6 && t.isWord(k) && !t.wordEquals(k, "a") && !t.wordEquals(k, "an")) {
                k--;
                steps++;
            }
            if (!(t.wordEquals(k, "a") || t.wordEquals(k, "an")) || !t.is(k - 1, LatinTokens.COMMA)) {
                continue;
            }
            int nameEnd = k - 2;
            int nameStart = nameEnd;
            while (nameStart - 1 >= 0 && nameWord(t, nameStart - 1) && nameEnd - nameStart < 3) {
                nameStart--;
            }
            if (!nameWord(t, nameEnd) || out.covers(field, t.start[nameStart])) {
                continue;
            }
            int r = bareName(t, nameStart, nameEnd - nameStart + 1, field, known);
            if (r == nameEnd) {
                out.add(new Candidate(field, t.start[nameStart], bareEnd(t, r), typeOfDescriptor(t.word(i)),
                        t.s.substring(t.start[nameStart], bareEnd(t, r))));
            }
        }
    }

    /**
     * The workplace after "analyst at": a capitalised name of up to four words, two such names joined by "&"
     * ("Marlowe & Finch"), that ends its phrase (punctuation, "in Tokyo", "who ..."); a head noun decides
     * its type, a bare name ("Rendall Brothers") is a company.
     */
    private void affiliation(String field, LatinTokens t, int j, List<EntityTagger.Match> known, Found out) {
        int r = bareName(t, j, 4, field, known);
        if (r < 0) {
            return;
        }
        if (!t.isPossessive(r) && t.is(r + 1, LatinTokens.AMP) && t.isCapitalised(r + 2) && nameWord(t, r + 2)) {
            int r2 = bareName(t, r + 2, 3, field, known);
            r = r2 >= 0 ? r2 : r;
        }
        if (t.isCapitalised(r + 1) || t.isPossessive(r) || overlapsKnown(t.start[j], t.end[r], known)) {
            return; // "at Gaoshan's request", a longer name the rules do not read
        }
        Role head = role(t.base(r));
        EntityType type = head == Role.ORG_HEAD ? EntityType.ORGANIZATION
                : head == Role.AGENCY_HEAD ? EntityType.AGENCY : EntityType.COMPANY;
        out.add(new Candidate(field, t.start[j], t.end[r], type, t.s.substring(t.start[j], t.end[r])));
    }

    /** A single name with an inner capital after small letters: TrendForce, TechInsights. */
    private boolean camelCase(LatinTokens t, int i) {
        if (!t.isCapitalised(i) || t.isCapitalised(i + 1)) {
            return false;
        }
        String w = t.base(i);
        for (int k = 2; k < w.length(); k++) {
            if (Character.isUpperCase(w.charAt(k)) && Character.isLowerCase(w.charAt(k - 1))) {
                return !v.stopWords.contains(w);
            }
        }
        return false;
    }

    private static EntityTagger.Match matchAt(int start, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() == start) {
                return m;
            }
            if (m.start() > start) {
                return null;
            }
        }
        return null;
    }

    /** The descriptor ends the appositive: punctuation or a word that starts a modifier follows. */
    private static boolean closesAppositive(LatinTokens t, int next) {
        if (next >= t.size || t.is(next, LatinTokens.COMMA) || t.is(next, LatinTokens.BREAK)) {
            return true;
        }
        if (!t.isLowerWord(next)) {
            return false;
        }
        String w = t.word(next);
        return switch (w) {
            case "that", "which", "in", "with", "based", "owned", "controlled", "registered", "linked", "tied", "accused",
                 "said", "of", "for", "whose", "founded", "set", "listed", "headquartered", "run", "backed" -> true;
            default -> false;
        };
    }

    private static boolean followedByPersonVerb(LatinTokens t, int r) {
        return t.is(r + 1, LatinTokens.COMMA) && (t.wordEquals(r + 2, "who") || t.wordEquals(r + 2, "aged"));
    }

    private static EntityType typeOfDescriptor(String d) {
        return switch (d) {
            case "institute", "university", "laboratory", "lab" -> EntityType.ORGANIZATION;
            default -> EntityType.COMPANY;
        };
    }

    /**
     * "The additions include A, B, C and D", "A, B and C were added": in a sentence with a list cue, a chain of
     * items joined by commas and "and" in which at least one item is an organisation (recognised, or a
     * gazetteer company) makes its other bare capitalised items organisations too.
     */
    private void enumerations(String field, LatinTokens t, List<EntityTagger.Match> known, Found out, int from) {
        Map<Integer, Candidate> mine = new java.util.HashMap<>();
        for (Candidate c : out.subList(from, out.size())) {
            mine.putIfAbsent(c.start(), c);
        }
        int i = 0;
        List<int[]> items = new ArrayList<>(); // {startToken, endToken, kind: 0 bare, 1 org, 2 other}
        while (i < t.size) {
            // a chain starts with capitalised words followed by a comma or "and": checked on the tokens alone
            // first, since most capitalised words start no chain and judging a bare name makes strings
            if (!t.isCapitalised(i) || !separatorAfter(t, capitalisedRunEnd(t, i, mine, known))) {
                i++;
                continue;
            }
            // collect one chain: item (sep item)+
            items.clear();
            int j = i;
            while (j < t.size) {
                int[] item = item(t, j, mine, known, field);
                if (item == null) {
                    break;
                }
                items.add(item);
                int next = item[1] + 1;
                if (t.is(next, LatinTokens.COMMA) && t.wordEquals(next + 1, "and")) {
                    next += 2;
                } else if (t.is(next, LatinTokens.COMMA) || t.wordEquals(next, "and")) {
                    next += 1;
                } else {
                    j = next;
                    break;
                }
                if (t.wordEquals(next, "the")) {
                    next++;
                }
                j = next;
            }
            if (items.size() >= 2 && items.stream().anyMatch(x -> x[2] == 1)
                    && (items.size() >= 3 || listCue(t, items.get(0)[0]))) {
                for (int[] x : items) {
                    if (x[2] == 0) {
                        out.add(new Candidate(field, t.start[x[0]], bareEnd(t, x[1]), EntityType.COMPANY,
                                t.s.substring(t.start[x[0]], bareEnd(t, x[1]))));
                    }
                }
            }
            i = Math.max(j, i + 1);
        }
    }

    /** The last token of the name starting at {@code i}: a recognised name's, a gazetteer match's, else the capitalised run's. */
    private static int capitalisedRunEnd(LatinTokens t, int i, Map<Integer, Candidate> mine, List<EntityTagger.Match> known) {
        Candidate c = mine.isEmpty() ? null : mine.get(t.start[i]);
        if (c != null) {
            return tokenEndingAt(t, i, c.end());
        }
        EntityTagger.Match m = matchAt(t.start[i], known);
        if (m != null) {
            return tokenEndingAt(t, i, m.end());
        }
        int r = i;
        while (r - i < 5 && !t.isPossessive(r) && t.isCapitalised(r + 1)) {
            r++;
        }
        return r;
    }

    private static boolean separatorAfter(LatinTokens t, int r) {
        return t.is(r + 1, LatinTokens.COMMA) || t.wordEquals(r + 1, "and");
    }

    /** The item starting at token {@code j}: a recognised name, a gazetteer entity, or a bare name; null if none. */
    private int[] item(LatinTokens t, int j, Map<Integer, Candidate> mine, List<EntityTagger.Match> known, String field) {
        if (!t.isCapitalised(j)) {
            return null; // every item starts with a capital: a recognised name, a gazetteer entity, a bare name
        }
        int s = t.start[j];
        Candidate c = mine.get(s);
        if (c != null) {
            return new int[] {j, tokenEndingAt(t, j, c.end()), 1};
        }
        EntityTagger.Match m = knownOrgAt(s, known);
        if (m != null) {
            return new int[] {j, tokenEndingAt(t, j, m.end()), 1};
        }
        for (int ix = from(known, s); ix < known.size(); ix++) {
            EntityTagger.Match k = known.get(ix);
            if (k.start() == s) {
                return new int[] {j, tokenEndingAt(t, j, k.end()), 2};
            }
            if (k.start() > s) {
                break;
            }
        }
        int r = bareName(t, j, 5, field, known);
        return r < 0 ? null : new int[] {j, r, 0};
    }

    private static int tokenEndingAt(LatinTokens t, int from, int end) {
        int k = from;
        while (k + 1 < t.size && t.start[k + 1] < end) {
            k++;
        }
        return k;
    }

    private boolean listCue(LatinTokens t, int at) {
        int sentence = t.sentence[at];
        for (int k = at - 1; k >= 0 && t.sentence[k] == sentence; k--) {
            if (t.isLowerWord(k) && v.listCues.contains(t.word(k)) || t.s.charAt(t.start[k]) == ':') {
                return true;
            }
        }
        for (int k = at + 1; k < t.size && t.sentence[k] == sentence; k++) {
            if (t.isLowerWord(k) && v.listCues.contains(t.word(k))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------
    // Consolidation and mentions
    // ------------------------------------------------------------------------------------------------

    /** One organisation: the names it was found under, its type, and its entry. */
    private static final class Org {
        final String id;
        final EntityType type;
        final List<String> forms = new ArrayList<>();
        String name;
        GazetteerEntry entry;

        Org(String id, EntityType type) {
            this.id = id;
            this.type = type;
        }
    }

    private List<EntityTagger.Match> mentions(String title, String text, String titleAsWritten, String textAsWritten,
                                              List<Candidate> found, List<EntityTagger.Match> knownTitle,
                                              List<EntityTagger.Match> knownText) {
        Map<String, Org> orgs = new LinkedHashMap<>();
        for (Candidate c : linkAbbreviations(title, text, linkShortNames(linkTranslations(title, text, found)))) {
            String id = idOf(c.core());
            if (id.length() <= TaggedEntity.UNKNOWN_ID_PREFIX.length() || orgs.size() >= MAX_ORGS && !orgs.containsKey(id)) {
                continue;
            }
            Org o = orgs.computeIfAbsent(id, k -> new Org(k, c.type()));
            String surface = (Mention.TITLE.equals(c.field()) ? title : text).substring(c.start(), c.end());
            if (o.name == null || surface.length() > o.name.length()
                    && Text.containsCjk(surface) == Text.containsCjk(o.name)) {
                o.name = (Mention.TITLE.equals(c.field()) ? titleAsWritten : textAsWritten).substring(c.start(), c.end());
            }
            addForm(o, surface);
            addForm(o, c.core());
            String shortForm = shortForm(c.core(), c.type());
            if (shortForm != null) {
                addForm(o, shortForm);
            }
        }
        List<EntityTagger.Match> all = new ArrayList<>();
        for (Org o : orgs.values()) {
            o.entry = new GazetteerEntry(o.id, o.name, o.type, null, null, false, List.of(), List.of(), List.of(),
                    List.of(), List.of(), null);
            for (String form : o.forms) {
                occurrences(o, form, Mention.TITLE, title, knownTitle, all);
                occurrences(o, form, Mention.TEXT, text, knownText, all);
            }
        }
        // longest first, then leftmost; an org mention never overlaps another
        all.sort(Comparator.comparing((EntityTagger.Match m) -> m.field()).reversed()
                .thenComparing(Comparator.comparingInt((EntityTagger.Match m) -> m.end() - m.start()).reversed())
                .thenComparingInt(EntityTagger.Match::start));
        List<EntityTagger.Match> kept = new ArrayList<>();
        java.util.BitSet takenTitle = new java.util.BitSet();
        java.util.BitSet takenText = new java.util.BitSet();
        for (EntityTagger.Match m : all) {
            java.util.BitSet taken = Mention.TITLE.equals(m.field()) ? takenTitle : takenText;
            int busy = taken.nextSetBit(m.start());
            if (busy < 0 || busy >= m.end()) {
                taken.set(m.start(), m.end());
                kept.add(m);
            }
        }
        headlineReferent(title, text, kept, takenTitle, knownTitle, knownText);
        // an organisation found only in the title needs a legal form there (kept by latin/chinese) - and one
        // found in the body keeps every title mention of its forms
        kept.sort(Comparator.comparing((EntityTagger.Match m) -> Mention.TITLE.equals(m.field()) ? 0 : 1)
                .thenComparingInt(EntityTagger.Match::start));
        return withProfiles(orgs, kept, title, text);
    }

    /**
     * The same matches with each organisation's entry carrying what its name and description say (tags
     * {@code chinese}, {@code chip}, {@code memory}, country {@code CN}; {@link OrgProfiles}).
     */
    private List<EntityTagger.Match> withProfiles(Map<String, Org> orgs, List<EntityTagger.Match> kept, String title,
                                                  String text) {
        Map<String, List<EntityTagger.Match>> byOrg = new LinkedHashMap<>();
        for (EntityTagger.Match m : kept) {
            byOrg.computeIfAbsent(m.entry().id(), k -> new ArrayList<>()).add(m);
        }
        Map<String, GazetteerEntry> profiled = new java.util.HashMap<>();
        for (Map.Entry<String, List<EntityTagger.Match>> e : byOrg.entrySet()) {
            Org o = orgs.get(e.getKey());
            OrgProfiles.Profile p = profiles.of(o.type, o.forms, e.getValue(), title, text);
            if (p != OrgProfiles.Profile.NONE) {
                profiled.put(o.id, new GazetteerEntry(o.id, o.name, o.type, p.country(), null, false, p.tags(), List.of(),
                        List.of(), List.of(), p.tags(), p.country()));
            }
        }
        if (profiled.isEmpty()) {
            return kept;
        }
        List<EntityTagger.Match> out = new ArrayList<>(kept.size());
        for (EntityTagger.Match m : kept) {
            GazetteerEntry e = profiled.get(m.entry().id());
            out.add(e == null ? m : new EntityTagger.Match(e, m.field(), m.start(), m.end()));
        }
        return out;
    }

    /**
     * A headline that names its subject by a company noun instead of a name ("Shenzhen start-up working on EUV
     * light sources raises 1.8 billion yuan", "Big Fund leads round in lithography parts maker") means the
     * company the lead names first: when that is an unknown organisation not in the headline, the noun (with a
     * place or hyphenated modifier before it) becomes a title mention of it, so events of the headline name it.
     */
    private void headlineReferent(String title, String text, List<EntityTagger.Match> kept, java.util.BitSet takenTitle,
                                  List<EntityTagger.Match> knownTitle, List<EntityTagger.Match> knownText) {
        if (title.isEmpty() || Text.containsCjk(title) || text.isEmpty()) {
            return;
        }
        List<Span> first = Sentences.split(Mention.TEXT, text, 1);
        int leadEnd = first.isEmpty() ? 0 : first.get(0).end();
        EntityTagger.Match subject = null;
        for (EntityTagger.Match m : kept) {
            if (Mention.TEXT.equals(m.field()) && m.start() < leadEnd && m.entry().type() == EntityType.COMPANY
                    && (subject == null || m.start() < subject.start())) {
                subject = m;
            }
        }
        if (subject == null) {
            return;
        }
        for (EntityTagger.Match k : knownText) {
            if (k.start() >= subject.start()) {
                break;
            }
            if (k.entry().type() == EntityType.COMPANY) {
                return; // the lead opens with a gazetteer company: the noun may be that one
            }
        }
        for (EntityTagger.Match m : kept) {
            if (Mention.TITLE.equals(m.field()) && m.entry().id().equals(subject.entry().id())) {
                return;
            }
        }
        LatinTokens t = new LatinTokens(title);
        for (int i = 0; i < t.size; i++) {
            if (!t.isLowerWord(i) || !v.headlineReferents.contains(t.word(i)) || t.isCapitalised(i + 1)
                    || takenTitle.get(t.start[i]) || overlapsKnown(t.start[i], t.end[i], knownTitle)) {
                continue;
            }
            int l = i;
            while (l - 1 >= 0 && i - l < 2 && t.isWord(l - 1) && !overlapsKnown(t.start[l - 1], t.end[l - 1], knownTitle)
                    && !takenTitle.get(t.start[l - 1])
                    && (t.isCapitalised(l - 1) && (v.places.contains(t.word(l - 1)) || v.chinesePlaces.contains(t.word(l - 1)))
                        || t.isLowerWord(l - 1) && t.word(l - 1).indexOf('-') > 0)) {
                l--;
            }
            kept.add(new EntityTagger.Match(subject.entry(), Mention.TITLE, t.start[l], t.end[i]));
            return;
        }
    }

    /**
     * A name followed by the short name the article goes on to use is one organisation: 杭州云芯微电子科技股份有限公司
     * （简称"云芯微"）, 成都锐算科技股份有限公司（以下简称"锐算科技"）, (下称"芯衡智算"). The short name becomes one of its
     * forms, and a candidate found under it takes the full name's core.
     */
    private static List<Candidate> linkAbbreviations(String title, String text, List<Candidate> found) {
        Map<String, String> shortToCore = null;
        for (Candidate c : found) {
            String s = Mention.TITLE.equals(c.field()) ? title : text;
            String abbr = abbreviationAt(s, c.end());
            if (abbr != null && !abbr.equals(c.core())) {
                if (shortToCore == null) {
                    shortToCore = new java.util.HashMap<>();
                }
                shortToCore.putIfAbsent(abbr, c.core());
            }
        }
        if (shortToCore == null) {
            return found;
        }
        List<Candidate> out = new ArrayList<>(found.size() + shortToCore.size());
        for (Candidate c : found) {
            String s = Mention.TITLE.equals(c.field()) ? title : text;
            String core = shortToCore.get(c.core());
            if (core == null) {
                core = shortToCore.get(s.substring(c.start(), c.end()));
            }
            out.add(core == null ? c : new Candidate(c.field(), c.start(), c.end(), c.type(), core));
        }
        // the short name itself, as a form of the organisation: a zero-width marker candidate carries it
        for (Map.Entry<String, String> e : shortToCore.entrySet()) {
            int at = text.indexOf(e.getKey());
            if (at >= 0) {
                Candidate full = null;
                for (Candidate c : out) {
                    if (c.core().equals(e.getValue())) {
                        full = c;
                        break;
                    }
                }
                if (full != null) {
                    out.add(new Candidate(Mention.TEXT, at, at + e.getKey().length(), full.type(), e.getValue()));
                }
            }
        }
        return out;
    }

    /**
     * A Chinese short name made of the brand of a full name found in the same article and one of its heads is that
     * organisation: 华岭股份 for 上海华岭集成电路技术股份有限公司, 云芯科技 for 杭州云芯微电子科技有限公司 - the brand being the
     * full name's first characters after its place.
     */
    private List<Candidate> linkShortNames(List<Candidate> found) {
        List<Candidate> out = null;
        for (int k = 0; k < found.size(); k++) {
            Candidate c = found.get(k);
            String core = c.core();
            if (core.length() < 3 || core.length() > 6 || !Text.isCjk(core.charAt(0))) {
                continue;
            }
            String head = null;
            for (String h : v.zhCompanyHeads) {
                if (core.endsWith(h) && core.length() - h.length() >= 2 && (head == null || h.length() > head.length())) {
                    head = h;
                }
            }
            String brand = head == null ? core : core.substring(0, core.length() - head.length());
            for (Candidate full : found) {
                String fc = full.core();
                if (fc.length() <= core.length() || fc.equals(core) || !Text.isCjk(fc.charAt(0))) {
                    continue;
                }
                String rest = chinese.zhStripPlace(fc);
                if (rest.length() > brand.length() && rest.startsWith(brand) && (head == null || fc.contains(head)
                        || full.end() - full.start() > fc.length() && head.equals("股份"))) {
                    if (out == null) {
                        out = new ArrayList<>(found);
                    }
                    out.set(k, new Candidate(c.field(), c.start(), c.end(), c.type(), fc));
                    break;
                }
            }
        }
        return out == null ? found : out;
    }

    private static final int MAX_ABBREVIATION = 12;

    /** The short name in "(简称"X")", "（以下简称“X”）", "(下称"X")" right after offset {@code end}, or null. */
    static String abbreviationAt(String s, int end) {
        if (end >= s.length() || s.charAt(end) != '(' && s.charAt(end) != '（') {
            return null;
        }
        int i = end + 1;
        if (s.startsWith("以下", i)) {
            i += 2;
        }
        if (s.startsWith("简称", i) || s.startsWith("下称", i)) {
            i += 2;
        } else {
            return null;
        }
        if (i < s.length() && (s.charAt(i) == ':' || s.charAt(i) == '：')) {
            i++;
        }
        if (i >= s.length() || "\"“「『'‘".indexOf(s.charAt(i)) < 0) {
            return null;
        }
        int from = i + 1;
        int to = from;
        while (to < s.length() && to - from <= MAX_ABBREVIATION && "\"”」』'’".indexOf(s.charAt(to)) < 0) {
            to++;
        }
        if (to >= s.length() || to == from || to - from > MAX_ABBREVIATION) {
            return null;
        }
        return s.substring(from, to);
    }

    /**
     * A name followed by its translation in brackets is one organisation: 阿尔塔蒙特无人系统公司（Altamont Unmanned
     * Systems）, Lone Star Apex Systems LLC（孤星顶点系统公司）. The bracketed candidate takes the first one's core.
     */
    private static List<Candidate> linkTranslations(String title, String text, List<Candidate> found) {
        List<Candidate> out = new ArrayList<>(found);
        for (int k = 0; k < out.size(); k++) {
            Candidate c = out.get(k);
            String s = Mention.TITLE.equals(c.field()) ? title : text;
            if (c.end() >= s.length() || s.charAt(c.end()) != '（' && s.charAt(c.end()) != '(') {
                continue;
            }
            // candidates are in field, then offset order: the bracketed one is among the next few
            for (int j = k + 1; j < Math.min(out.size(), k + 4); j++) {
                Candidate d = out.get(j);
                if (d.field().equals(c.field()) && d.start() > c.end() && d.start() <= c.end() + 2
                        && Text.containsCjk(d.core()) != Text.containsCjk(c.core())) {
                    out.set(j, new Candidate(d.field(), d.start(), d.end(), c.type(), c.core()));
                }
            }
        }
        return out;
    }

    private static void addForm(Org o, String form) {
        String f = form.strip();
        if (!f.isEmpty() && !o.forms.contains(f)) {
            o.forms.add(f);
        }
    }

    /** "Bangkok Meridian Datatech" is also written "Bangkok Meridian"; null when the shorter form is not distinctive. */
    private String shortForm(String core, EntityType type) {
        if (type != EntityType.COMPANY || Text.containsCjk(core)) {
            return null;
        }
        String[] words = core.split(" ");
        int n = words.length;
        while (n > 0 && v.companyHeads.contains(words[n - 1])) {
            n--;
        }
        if (n == 0 || n == words.length) {
            return null;
        }
        boolean distinctive = false;
        for (int k = 0; k < n; k++) {
            distinctive |= distinctive(words[k]);
        }
        String s = String.join(" ", java.util.Arrays.asList(words).subList(0, n));
        if (!distinctive || n == 1 && s.length() < 4) {
            return null;
        }
        return s;
    }

    private void occurrences(Org o, String form, String field, String s, List<EntityTagger.Match> known,
                                    List<EntityTagger.Match> out) {
        int from = 0;
        while (true) {
            int at = s.indexOf(form, from);
            if (at < 0) {
                return;
            }
            int end = at + form.length();
            if ((Text.containsCjk(form) || EntityTagger.wholeWord(s, at, end))
                    && (!blockedMention(at, end, o.type, known) || o.type == EntityType.COMPANY && subsidiary(v, s, at, end, known))) {
                out.add(new EntityTagger.Match(o.entry, field, at, end));
            }
            from = end;
        }
    }
}
