package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chipwatch.model.InvalidRecord;
import io.chipwatch.model.SourceDefinition;

/**
 * What the {@code sources} topic holds for one source id.
 *
 * @param id         source id (the record key)
 * @param definition the latest valid definition, the one in service; null when no valid version was ever seen
 * @param invalid    the latest record under this key when it could not be used, or null when the latest record is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "definition", "invalid"})
public record SourceState(String id, SourceDefinition definition, InvalidRecord invalid) {
    /** Whether a valid version is in service. */
    public boolean active() {
        return definition != null;
    }
}
