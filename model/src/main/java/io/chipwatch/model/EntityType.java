package io.chipwatch.model;

/**
 * Kinds of named things the gazetteer knows (see {@code seeds/entities.yaml}). {@code ORGANIZATION} is a
 * non-commercial body that is not a government agency: a university, research institute, academy,
 * association or foundation (given to unknown organisations recognised by such a head noun).
 */
public enum EntityType {
    COMPANY, CHIP, MODEL, AGENCY, COUNTRY, POLICY, TECHNOLOGY, MATERIAL, PERSON, ORGANIZATION
}
