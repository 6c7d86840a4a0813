package io.chipwatch.enrich.internal;

import io.chipwatch.model.EnrichedArticle;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The story step's share of the enrich task (parallel per input partition): MinHash signature, LSH
 * bands, exact-text key and distinguishing features of each article, sent as the article's
 * {@link StoryPartition#prepare messages} to the story topic. Its CPU counts as dedup CPU.
 */
public final class StoryPrepareProcessor implements Processor<String, EnrichedArticle, String, StoryMessage> {
    private final int partitions;
    private ProcessorContext<String, StoryMessage> context;
    private StageCpuSensor cpu = StageCpuSensor.none();

    public StoryPrepareProcessor(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, StoryMessage> context) {
        this.context = context;
        this.cpu = StageCpuSensor.dedup(context);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        long t0 = cpu.start();
        // The input position tells deliveries of one article id apart, and is the same when a record is reprocessed.
        String nonce = context.recordMetadata().map(StoryPrepareProcessor::position).orElse(Long.toString(record.timestamp()));
        for (StoryMessage m : StoryPartition.prepare(record.value(), record.timestamp(), nonce, partitions)) {
            context.forward(record.withKey(record.value().id()).withValue(m));
        }
        cpu.stop(t0);
    }

    private static String position(RecordMetadata m) {
        return m.partition() + "-" + m.offset();
    }
}
