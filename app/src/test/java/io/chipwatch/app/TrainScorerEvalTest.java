package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.app.eval.EvalLabels;
import io.chipwatch.app.eval.Evaluation;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.DetectedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipwatch train-scorer}: the documented command retrains the shipped model byte for byte (training is
 * deterministic and the file in seeds/ is what the command gives), and the classifier's feature path, which tries
 * every rule in every sentence, detects exactly the events of the fast path.
 */
class TrainScorerEvalTest {
    static final Path SEEDS = SamplesExpectations.SEEDS;

    @Test
    void retrainingGivesTheShippedModelByteForByte(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("event-scorer.json");
        CliRunner.Result r = CliRunner.run("train-scorer", "--seeds", SEEDS.toString(), "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readString(out)).isEqualTo(Files.readString(SEEDS.resolve("event-scorer.json")));
    }

    @Test
    void theFeaturePathDetectsTheSameEvents() throws Exception {
        Path dev = SEEDS.resolve("eval").resolve("dev");
        Enricher rules = Enricher.fromSeeds(SEEDS, false, 0, 1);
        for (Evaluation.Labelled l : Evaluation.labelled(dev, EvalLabels.read(EvalLabels.defaultFile(dev)))) {
            List<DetectedEvent> fast = rules.enrich(l.raw()).events().stream().map(e -> e.withParties(List.of())).toList();
            Enricher.Candidates c = rules.candidates(l.raw());
            assertThat(c.events()).as(l.label().name()).isEqualTo(fast);
            assertThat(c.features()).hasSameSizeAs(c.events());
        }
    }
}
