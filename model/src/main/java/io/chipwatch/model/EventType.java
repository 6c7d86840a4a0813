package io.chipwatch.model;

/** Export-control and market events chipwatch classifies; names are a public contract. */
public enum EventType {
    /** A government grants, expands, suspends, revokes or tightens export licences. */
    LICENSE_CHANGE,
    /** A company is added to or removed from a trade blacklist. */
    ENTITY_LIST,
    /** A new or amended export-control rule, threshold or ban, including retaliation. */
    EXPORT_RULE,
    /** Demand, orders or procurement for a chip or product jump. */
    DEMAND_SURGE,
    /** Shortages, rationing or constrained supply. */
    SUPPLY_SHORTAGE,
    /** Production ramps, new fabs or lines, yield or node progress. */
    CAPACITY_EXPANSION,
    /** Listings, IPO filings, funding rounds, valuations. */
    FUNDING_IPO,
    /** Workloads move to domestic chips, or policy steers buyers to them. */
    DOMESTIC_ADOPTION,
    /** Smuggling, diversion, investigations, fines, arrests. */
    SMUGGLING_ENFORCEMENT
}
