package io.chipwatch.enrich.internal;

import static io.chipwatch.enrich.internal.OrgRecognizer.allowedInside;
import static io.chipwatch.enrich.internal.OrgRecognizer.from;
import static io.chipwatch.enrich.internal.OrgRecognizer.ownBody;

import io.chipwatch.enrich.internal.OrgRecognizer.Candidate;
import io.chipwatch.enrich.internal.OrgRecognizer.Found;
import io.chipwatch.model.EntityType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chinese half of {@link OrgRecognizer}. Chinese has no spaces, so a name is found from its end: a
 * suffix (legal form 有限公司, head 集团/科技/研究院/委员会, or the noun 公司), extended right over further
 * suffixes (科技 + 有限公司) and left over Chinese characters until punctuation, a function word or verb
 * (将, 对, 宣布, 包括 ...), a bracketed place is skipped (长存三期（武汉）集成电路). The part before the
 * suffix must be a name, not a generic word or a place (科技公司, 美国公司); weak heads need a short name
 * (at most five characters after a leading place) and a word boundary after them. Enumerations joined by 、
 * make their other items organisations when one item is one.
 */
final class ChineseOrgNames {
    private static final int MAX_ZH_CORE = 18;

    private final OrgVocabulary v;

    ChineseOrgNames(OrgVocabulary vocabulary) {
        this.v = vocabulary;
    }

    /** Adds the Chinese names of one field to {@code out}. */
    void find(String field, String s, List<EntityTagger.Match> known, Found out) {
        int from = out.size();
        int n = s.length();
        int i = 0;
        int floor = 0; // a name never takes in the name found before it (恒川证券 | 电子行业分析师)
        while (i < n) {
            char c = s.charAt(i);
            List<String> suffixes = Text.isCjk(c) ? v.zhSuffixesByFirst.get(c) : null;
            String suffix = null;
            if (suffixes != null) {
                for (String x : suffixes) {
                    if (s.startsWith(x, i)) {
                        suffix = x;
                        break;
                    }
                }
            }
            if (suffix == null) {
                i++;
                continue;
            }
            int end = zhExtendRight(s, i + suffix.length());
            int start = Math.max(zhLeft(s, i), floor);
            int subsidiaryEnd = zhType(suffix) == EntityType.COMPANY ? zhSubsidiaryEnd(s, start, i, end, floor, known) : -1;
            if (subsidiaryEnd > 0) {
                int parent = knownCompanyFrom(start, i, known);
                out.add(new Candidate(field, parent, subsidiaryEnd, EntityType.COMPANY,
                        zhCore(s.substring(parent, subsidiaryEnd))));
                i = subsidiaryEnd;
                floor = subsidiaryEnd;
                continue;
            }
            String core = s.substring(start, i);
            String whole = s.substring(i, end);
            EntityType type = zhType(whole);
            boolean strong = v.zhLegalForms.contains(suffix) || "集团".equals(suffix) || "控股".equals(suffix)
                    || endsWithLegalForm(whole);
            boolean noun = !strong && (v.zhCompanyNouns.contains(suffix) || whole.endsWith("公司"));
            boolean boundary = end >= n || !Text.isCjk(s.charAt(end)) || zhStopAt(s, end) || zhListSeparator(s.charAt(end))
                    || zhRoleAfter(s, end);
            int brand = zhStripPlace(core).length();
            if (!strong && type == EntityType.COMPANY && zhEndsWithPlace(core)) {
                brand = Integer.MAX_VALUE; // 美国技术, 中国电子: a country's industry, not a firm
            }
            boolean shape = strong || type != EntityType.COMPANY || noun && brand <= 10 || boundary && brand <= 5;
            if (v.zhWeakAgencyHeads.contains(suffix) && !zhWeakAgency(s, core, i)) {
                shape = false;
            }
            if (shape && !strong && type == EntityType.COMPANY && (!noun && startsWithAny(s, end, v.zhModifiedNouns)
                    || descriptiveCore(core) || fieldListAhead(s, end))) {
                shape = false; // 优质科技企业, 贸易型公司, 生物技术和物流等领域: a description or a trade, not a name
            }
            if (core.length() >= 2 && i - start < MAX_ZH_CORE && shape && zhNameCore(core, strong, type)
                    && zhSurvivesGazetteer(start, i, end, type, strong, known)) {
                out.add(new Candidate(field, start, end, type, zhCore(s.substring(start, end))));
                i = end;
                floor = end;
            } else {
                i += suffix.length();
            }
        }
        zhOutlets(field, s, known, out);
        zhEnumerations(field, s, known, out, from);
    }

    private static final int MAX_OUTLET = 6;

    /** 据彭博社此前报道, 据央视报道, 据路透社消息: the words between 据 and the verb of reporting name an outlet. */
    private void zhOutlets(String field, String s, List<EntityTagger.Match> known, Found out) {
        for (int i = s.indexOf('据'); i >= 0; i = s.indexOf('据', i + 1)) {
            int j = i + 1;
            for (int k = j + 2; k <= Math.min(s.length() - 1, j + MAX_OUTLET); k++) {
                if (!Text.isCjk(s.charAt(k - 1))) {
                    break;
                }
                if (!startsWithAny(s, k, v.zhReportVerbs)) {
                    continue;
                }
                String name = s.substring(j, k);
                if (!out.overlaps(field, j, k) && !OrgRecognizer.overlapsKnown(j, k, known) && zhOutletName(s, name, k)) {
                    out.add(new Candidate(field, j, k, EntityType.COMPANY, name));
                }
                break;
            }
        }
    }

    /** Not a generic source (外媒, 当地媒体, 业内人士, 公司公告) nor a phrase with a function word in it. */
    private boolean zhOutletName(String s, String name, int end) {
        if (v.zhGenericCores.contains(name) || v.zhPlaces.contains(name) || zhStripGeneric(name).isEmpty()) {
            return false;
        }
        for (String g : List.of("媒", "媒体", "人士", "方面", "官员", "消息", "数据", "统计", "公告", "文件", "调查", "了解", "介绍", "测算")) {
            if (name.endsWith(g)) {
                return false;
            }
        }
        for (int k = end - name.length() + 1; k <= end; k++) {
            if (zhStopEndingAt(s, k) > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAny(String s, int at, List<String> words) {
        for (String w : words) {
            if (s.startsWith(w, at)) {
                return true;
            }
        }
        return false;
    }

    /** 贸易型, 科技类, 成长层, 国家级, 无人机创业: a core ending in a "-type", "-tier" or "-level" word describes, it does not name. */
    private static boolean descriptiveCore(String core) {
        char last = core.isEmpty() ? ' ' : core.charAt(core.length() - 1);
        // and a start-up, an agent or a peer: 无人机创业公司, 货运代理公司, 境外可比公司
        return last == '型' || last == '类' || last == '层' || last == '级' || core.endsWith("创业") || core.endsWith("初创")
                || core.endsWith("代理") || core.endsWith("可比");
    }

    private static final int MAX_FIELD_LIST = 24;

    /**
     * Whether the words from {@code at} run on, through 、/和/及/与 and short items, to "等领域", "等行业" (or a field
     * noun right after the last item): the name before {@code at} is one of a list of trades (量子、生物技术等领域).
     */
    private boolean fieldListAhead(String s, int at) {
        boolean crossed = false;
        for (int k = at; k < Math.min(s.length(), at + MAX_FIELD_LIST); k++) {
            char c = s.charAt(k);
            if (c == '等') {
                for (int j = k + 1; j <= Math.min(s.length() - 1, k + 3); j++) {
                    if (startsWithAny(s, j, v.zhFieldNouns)) {
                        return true;
                    }
                }
                return false;
            }
            if (!Text.isCjk(c) && c != '、') {
                return false;
            }
            if (c == '和' || c == '及' || c == '与' || c == '、') {
                crossed = true;
                continue;
            }
            if (crossed && startsWithAny(s, k, v.zhFieldNouns)) {
                return true; // 生物技术与生命科学领域
            }
            if (k > at && zhStopEndingAt(s, k + 1) > 0 && c != '和' && c != '及' && c != '与') {
                return false;
            }
        }
        return false;
    }

    /** Longest sector word between a name and a role: 恒川证券电子行业首席分析师. */
    private static final int MAX_ZH_SECTOR = 4;

    /**
     * A person's role right after the name, or after a short sector word: 恒川证券分析师, 恒川证券半导体分析师,
     * 鼎泓资产研究总监. The name of the firm a source works at ends there, as at a punctuation mark.
     */
    private boolean zhRoleAfter(String s, int at) {
        for (int k = at; k <= Math.min(s.length() - 1, at + MAX_ZH_SECTOR); k++) {
            if (!Text.isCjk(s.charAt(k))) {
                return false;
            }
            for (String role : v.zhRoles) {
                if (s.startsWith(role, k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final int MAX_ZH_SUBSIDIARY_TAIL = 8;

    /**
     * The end of a known company's local subsidiary whose head is at [head, end) (三星中国半导体,
     * SK海力士半导体（中国）有限公司, 英特尔半导体（大连）), or -1: the name opens with the gazetteer company (which may
     * start before {@code start}, in Latin letters) and names a place after it, bare or in brackets right after the
     * head (see {@link OrgRecognizer#subsidiary}).
     */
    private int zhSubsidiaryEnd(String s, int start, int head, int end, int floor, List<EntityTagger.Match> known) {
        int parent = knownCompanyFrom(start, head, known);
        if (parent < floor || parent < 0 || head - parent > MAX_ZH_SUBSIDIARY_TAIL + 6) {
            return -1;
        }
        int e = end;
        if (e < s.length() && (s.charAt(e) == '（' || s.charAt(e) == '(')) {
            int close = e + 1;
            while (close < s.length() && close - e <= 6 && Text.isCjk(s.charAt(close))) {
                close++;
            }
            if (close < s.length() && close > e + 1 && (s.charAt(close) == '）' || s.charAt(close) == ')')
                    && v.zhPlaces.contains(s.substring(e + 1, close))) {
                e = zhExtendRight(s, close + 1);
            }
        }
        return OrgRecognizer.subsidiary(v, s, parent, e, known) ? e : -1;
    }

    /**
     * The start of the first gazetteer match that ends after {@code at} and starts before {@code head}, when it is a
     * company (it may start before {@code at}: SK海力士 begins in Latin letters), or -1.
     */
    private static int knownCompanyFrom(int at, int head, List<EntityTagger.Match> known) {
        int ix = from(known, at);
        if (ix >= known.size()) {
            return -1;
        }
        EntityTagger.Match m = known.get(ix);
        return m.start() < head && m.entry().type() == EntityType.COMPANY ? m.start() : -1;
    }

    /** Further heads and legal forms after a suffix: 科技 + 有限公司, 集团 + 股份有限公司. */
    private int zhExtendRight(String s, int at) {
        int end = at;
        boolean more = true;
        while (more && end < s.length()) {
            more = false;
            List<String> next = v.zhSuffixesByFirst.get(s.charAt(end));
            if (next != null) {
                for (String x : next) {
                    if (s.startsWith(x, end) && (v.zhLegalForms.contains(x) || v.zhCompanyHeads.contains(x) && !sectorAt(s, end + x.length()))) {
                        end += x.length();
                        more = true;
                        break;
                    }
                }
            }
            if (!more && s.startsWith("公司", end)) {
                end += 2;
            }
        }
        return end;
    }

    /** 电子行业, 半导体产业: a head before these names a sector (恒川证券电子行业分析师), not more of the name. */
    private static boolean sectorAt(String s, int at) {
        return s.startsWith("行业", at) || s.startsWith("产业", at) || s.startsWith("板块", at);
    }

    private boolean endsWithLegalForm(String name) {
        for (String f : v.zhLegalForms) {
            if (name.endsWith(f)) {
                return true;
            }
        }
        return false;
    }

    private boolean zhEndsWithPlace(String core) {
        for (int len = 2; len <= Math.min(4, core.length()); len++) {
            if (v.zhPlaces.contains(core.substring(core.length() - len))) {
                return true;
            }
        }
        return false;
    }

    /** The core without its leading places (and 市, 省, 区 after them). */
    String zhStripPlace(String core) {
        String rest = core;
        boolean changed = true;
        while (changed && rest.length() >= 2) {
            changed = false;
            for (int len = Math.min(4, rest.length()); len >= 2; len--) {
                if (v.zhPlaces.contains(rest.substring(0, len))) {
                    rest = rest.substring(len);
                    changed = true;
                    break;
                }
            }
            if (!rest.isEmpty() && "市省区县".indexOf(rest.charAt(0)) >= 0) {
                rest = rest.substring(1);
                changed = true;
            }
        }
        return rest;
    }

    /** Where a Chinese name ending before {@code at} starts: after punctuation, a non-CJK char or a stop word. */
    private int zhLeft(String s, int at) {
        int j = at;
        while (j > 0 && at - j < MAX_ZH_CORE) {
            char c = s.charAt(j - 1);
            if ((c == '）' || c == ')') && j - 2 > 0) {
                // a place in brackets inside the name: 长存三期（武汉）集成电路
                int open = j - 2;
                while (open > 0 && j - open <= 6 && Text.isCjk(s.charAt(open))) {
                    open--;
                }
                if ((s.charAt(open) == '（' || s.charAt(open) == '(') && open < j - 2) {
                    j = open;
                    continue;
                }
                break;
            }
            if (!Text.isCjk(c) || zhStopEndingAt(s, j) > 0 && !zhKept(s, j - 1)) {
                break;
            }
            j--;
        }
        return j;
    }

    /** Whether the character at {@code at} is inside a word of {@code zhKeep} (国家, 对外). */
    private boolean zhKept(String s, int at) {
        for (String w : v.zhKeep) {
            for (int k = Math.max(0, at - w.length() + 1); k <= at; k++) {
                if (s.startsWith(w, k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Length of a stop word ending at {@code end}, or 0. */
    private int zhStopEndingAt(String s, int end) {
        List<String> stops = v.zhStopsByLast.get(s.charAt(end - 1));
        if (stops != null) {
            for (String w : stops) {
                if (end >= w.length() && s.startsWith(w, end - w.length())) {
                    return w.length();
                }
            }
        }
        return 0;
    }

    private boolean zhStopAt(String s, int at) {
        for (int len = 1; len <= 3 && at + len <= s.length(); len++) {
            if (zhStopEndingAt(s, at + len) == len) {
                return true;
            }
        }
        return false;
    }

    private static boolean zhListSeparator(char c) {
        return c == '、' || c == '等' || c == '和' || c == '与' || c == '及';
    }

    private EntityType zhType(String suffixes) {
        for (String h : v.zhAgencyHeads) {
            if (suffixes.startsWith(h)) {
                return EntityType.AGENCY;
            }
        }
        for (String h : v.zhOrganizationHeads) {
            if (suffixes.startsWith(h)) {
                return EntityType.ORGANIZATION;
            }
        }
        return EntityType.COMPANY;
    }

    /**
     * Whether a Chinese core (the part before the suffix) can be a name: not a generic word or place alone
     * (科技公司, 美国公司); universities may be a place alone (北京大学); with a strong suffix (有限公司, 集团)
     * a place and generic words together are a name (中国稀土集团).
     */
    /** 国家数据局, 武汉市交通运输局 - not 美国当局 or 格局: a short head after a Chinese place or a state prefix. */
    private boolean zhWeakAgency(String s, String core, int head) {
        if (head >= 1 && v.zhNotAgencies.contains(s.substring(head - 1, head + 1)) || core.length() < 2) {
            return false;
        }
        for (String p : v.zhChinesePlaces) {
            if (core.startsWith(p) && core.length() > p.length() && !"中国".equals(p) && !"国产".equals(p) && !"国内".equals(p)) {
                return true;
            }
        }
        for (String p : v.zhStatePrefixes) {
            if (core.startsWith(p) && core.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    private boolean zhNameCore(String core, boolean strong, EntityType type) {
        if (v.zhGenericCores.contains(core)
                || v.zhPlaces.contains(core) && type != EntityType.ORGANIZATION && !(type == EntityType.AGENCY && zhChinese(core))) {
            return false;
        }
        String rest = zhStripGeneric(core);
        if (!rest.isEmpty()) {
            return true;
        }
        return strong && core.length() >= 3 || type == EntityType.ORGANIZATION && v.zhPlaces.contains(core)
                || type == EntityType.AGENCY && zhChinese(core);
    }

    /** A place in China alone before an agency head names that place's office (深圳海关, 上海海关). */
    private boolean zhChinese(String core) {
        return v.zhChinesePlaces.contains(core) && !"国产".equals(core) && !"国内".equals(core);
    }

    /** The core without leading places and trailing generic words; empty when nothing else is left. */
    private String zhStripGeneric(String core) {
        String rest = core;
        boolean changed = true;
        while (changed && !rest.isEmpty()) {
            changed = false;
            for (int len = Math.min(4, rest.length()); len >= 2; len--) {
                if (v.zhPlaces.contains(rest.substring(0, len))) {
                    rest = rest.substring(len);
                    changed = true;
                    break;
                }
            }
            if (rest.startsWith("市") || rest.startsWith("省")) {
                rest = rest.substring(1);
                changed = true;
            }
            for (int len = Math.min(v.zhLongestGeneric, rest.length()); len >= 1 && !changed; len--) {
                if (v.zhGenericCores.contains(rest.substring(rest.length() - len))) {
                    rest = rest.substring(0, rest.length() - len);
                    changed = true;
                }
            }
        }
        return rest;
    }

    /** The Chinese name without its legal form: the id's base. */
    private String zhCore(String name) {
        for (String f : v.zhLegalFormsLongestFirst) {
            if (name.endsWith(f) && name.length() > f.length() + 1) {
                return name.substring(0, name.length() - f.length());
            }
        }
        if (name.endsWith("公司") && name.length() > 4) {
            return name.substring(0, name.length() - 2);
        }
        return name;
    }

    /** 中国稀土集团、北方稀土等企业: items joined by 、 (or 和/及 before the last) of which one is an organisation. */
    private void zhEnumerations(String field, String s, List<EntityTagger.Match> known, Found out, int from) {
        int n = s.length();
        int i = s.indexOf('、');
        while (i >= 0) {
            // the chain around this separator
            int chainStart = i;
            while (true) {
                int prev = zhLeft(s, chainStart);
                if (prev > 0 && s.charAt(prev - 1) == '、') {
                    chainStart = prev - 1;
                } else {
                    chainStart = prev;
                    break;
                }
            }
            List<int[]> items = new ArrayList<>();
            int p = chainStart;
            int chainEnd = p;
            while (p < n) {
                int q = p;
                while (q < n && Text.isCjk(s.charAt(q)) && s.charAt(q) != '、' && q - p <= MAX_ZH_CORE
                        && !(q > p && (zhStopAt(s, q) || s.charAt(q) == '和' || s.charAt(q) == '及'))) {
                    q++;
                }
                if (q == p) {
                    break;
                }
                items.add(new int[] {p, q});
                chainEnd = q;
                if (q < n && s.charAt(q) == '、') {
                    p = q + 1;
                } else if (q < n && (s.charAt(q) == '和' || s.charAt(q) == '及') && items.size() >= 1) {
                    p = q + 1;
                } else {
                    break;
                }
            }
            boolean fields = chainEnd < n && s.charAt(chainEnd) == '等' && fieldNounAfter(s, chainEnd + 1);
            // "A、B等模组厂商", "A、B、C等10只证券", "A、B、C调入": the words after the list say what its items are
            boolean listed = !fields && (chainEnd < n && s.charAt(chainEnd) == '等' && listNounAfter(s, chainEnd + 1)
                    || startsWithAny(s, chainEnd, v.zhStockVerbs));
            boolean anyOrg = listed;
            for (int[] it : items) {
                anyOrg |= out.overlaps(field, it[0], it[1]) || knownOrgWithin(it[0], it[1], known);
            }
            if (items.size() >= 2 && anyOrg && !fields && (listed || zhListContext(s, chainStart, chainEnd))) {
                for (int[] it : items) {
                    String name = s.substring(it[0], it[1]);
                    if (name.length() >= 2 && name.length() <= 12 && !out.overlaps(field, it[0], it[1])
                            && zhSurvivesGazetteer(it[0], it[1], it[1], EntityType.COMPANY, true, known)
                            && !v.zhGenericCores.contains(name)
                            && !v.zhPlaces.contains(name) && !zhStripGeneric(name).isEmpty()) {
                        out.add(new Candidate(field, it[0], it[1], EntityType.COMPANY, zhCore(name)));
                    }
                }
            }
            i = s.indexOf('、', Math.max(chainEnd, i + 1));
        }
    }

    private boolean fieldNounAfter(String s, int at) {
        for (int j = at; j <= Math.min(s.length() - 1, at + 2); j++) {
            if (startsWithAny(s, j, v.zhFieldNouns)) {
                return true;
            }
        }
        return false;
    }

    /** A noun of {@code zhListNouns} within a few characters after 等, before any punctuation: 等模组厂商, 等10只证券. */
    private boolean listNounAfter(String s, int at) {
        if (at < s.length() && s.charAt(at) == '地') {
            return false;
        }
        for (int j = at; j <= Math.min(s.length() - 1, at + 6); j++) {
            char c = s.charAt(j);
            if (!Text.isCjk(c) && !Character.isLetterOrDigit(c)) {
                return false;
            }
            if (startsWithAny(s, j, v.zhListNouns)) {
                return true;
            }
        }
        return false;
    }

    private boolean zhListContext(String s, int start, int end) {
        int from = Math.max(0, start - 12);
        int to = Math.min(s.length(), end + 12);
        String around = s.substring(from, to);
        for (String cue : v.zhListCues) {
            if (around.contains(cue)) {
                return true;
            }
        }
        return false;
    }

    private static boolean knownOrgWithin(int start, int end, List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                return false;
            }
            if (m.end() > start && (m.entry().type() == EntityType.COMPANY || m.entry().type() == EntityType.ORGANIZATION)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the Chinese name [start, end) with its head at [head, end) survives the gazetteer (see OrgRecognizer.survivesGazetteer). */
    private static boolean zhSurvivesGazetteer(int start, int head, int end, EntityType type, boolean strong,
                                               List<EntityTagger.Match> known) {
        for (int ix = from(known, start); ix < known.size(); ix++) {
            EntityTagger.Match m = known.get(ix);
            if (m.start() >= end) {
                break;
            }
            if (m.end() <= start || allowedInside(m, strong || type != EntityType.COMPANY)) {
                continue;
            }
            if (!ownBody(m, type) || m.end() > head) {
                return false;
            }
        }
        return true;
    }

}
