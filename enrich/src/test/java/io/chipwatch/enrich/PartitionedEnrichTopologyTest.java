package io.chipwatch.enrich;

import java.util.Map;

/** Every {@link EnrichTopologyTest} over the partitioned story path ({@code dedup.partitioned=true}, one story partition). */
class PartitionedEnrichTopologyTest extends EnrichTopologyTest {
    @Override
    Map<String, Object> dedupSettings() {
        return Map.of(EnrichConfig.DEDUP_PARTITIONED, "true");
    }
}
