package io.chipwatch.enrich.internal;

import io.chipwatch.model.EntityType;
import java.util.List;

/**
 * One entity of {@code seeds/entities.yaml}.
 *
 * @param ancestors     parent chain, nearest first, resolved at load time
 * @param inheritedTags own tags plus those of every ancestor (an Ascend 950 is {@code chinese} when Huawei is)
 * @param inheritedCountry own country, else the nearest ancestor's, else null
 */
public record GazetteerEntry(String id, String name, EntityType type, String country, String parent, boolean family,
                             List<String> tags, List<String> aliases, List<String> exact, List<String> ancestors,
                             List<String> inheritedTags, String inheritedCountry) {
    public GazetteerEntry {
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
        exact = List.copyOf(exact);
        ancestors = List.copyOf(ancestors);
        inheritedTags = List.copyOf(inheritedTags);
    }

    GazetteerEntry withLineage(List<String> chain, List<String> allTags, String effectiveCountry) {
        return new GazetteerEntry(id, name, type, country, parent, family, tags, aliases, exact, chain, allTags,
                effectiveCountry);
    }
}
