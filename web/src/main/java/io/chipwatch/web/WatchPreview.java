package io.chipwatch.web;

import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.Watch;
import java.util.List;
import java.util.function.Consumer;

/**
 * Back-tests a watch over articles the web service supplies from its own read model, without saving
 * the watch or notifying anyone. The app injects one built on the alerts service's matcher, so a
 * preview decides exactly as the running pipeline would; web never imports alerts.
 */
@FunctionalInterface
public interface WatchPreview {
    /**
     * @param watch    the watch as edited (enabled for the preview)
     * @param articles calls its argument once per first-in-story article, oldest first
     * @return the alerts the watch would have fired, once per story
     */
    List<Alert> preview(Watch watch, Consumer<Consumer<EnrichedArticle>> articles);
}
