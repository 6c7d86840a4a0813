package io.chipwatch.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chipwatch.model.InvalidRecord;
import io.chipwatch.model.Watch;

/**
 * What the watches topic holds for one watch id.
 *
 * @param id      watch id (the record key)
 * @param watch   the last valid version, the one in service; null when no valid version was ever seen
 * @param invalid the latest record under this key when it was refused, or null when the latest record is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "watch", "invalid"})
public record WatchState(String id, Watch watch, InvalidRecord invalid) {}
