package io.chipwatch.model;

/** Kinds of named things the gazetteer knows (see {@code seeds/entities.yaml}). */
public enum EntityType {
    COMPANY, CHIP, MODEL, AGENCY, COUNTRY, POLICY, TECHNOLOGY, MATERIAL, PERSON
}
