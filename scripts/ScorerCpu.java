import io.chipwatch.app.eval.EvalLabels;
import io.chipwatch.app.eval.Evaluation;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.RawArticle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU of enrichment with the learned event scorer off and on, per article, on this thread (ThreadMXBean CPU time):
 * {@code java -cp app/target/chipwatch.jar scripts/ScorerCpu.java seeds ROUNDS}. The articles are the six labelled
 * sets; off and on alternate round by round so machine load hits both alike.
 */
public class ScorerCpu {
    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<RawArticle> articles = new ArrayList<>();
        for (String set : List.of("dev", "test", "holdout", "holdout2", "holdout3", "holdout4")) {
            Path dir = seeds.resolve("eval").resolve(set);
            Evaluation.labelled(dir, EvalLabels.read(EvalLabels.defaultFile(dir))).forEach(l -> articles.add(l.raw()));
        }
        Enricher off = Enricher.fromSeeds(seeds, false, 0.3, 0.8);
        Enricher on = Enricher.fromSeeds(seeds, true, 0.3, 0.8);
        if (on.scorer() == null) {
            throw new IllegalStateException("no event-scorer.json in " + seeds);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 3; w++) {
            articles.forEach(off::enrich);
            articles.forEach(on::enrich);
        }
        long[] total = new long[2];
        for (int r = 0; r < rounds; r++) {
            Enricher[] both = r % 2 == 0 ? new Enricher[] {off, on} : new Enricher[] {on, off};
            for (Enricher e : both) {
                long t0 = cpu.getCurrentThreadCpuTime();
                articles.forEach(e::enrich);
                total[e == off ? 0 : 1] += cpu.getCurrentThreadCpuTime() - t0;
            }
        }
        double n = (double) rounds * articles.size();
        System.out.printf("%d articles x %d rounds: scorer off %.3f ms/article, on %.3f ms/article (+%.1f%%)%n", articles.size(), rounds,
                total[0] / n / 1e6, total[1] / n / 1e6, 100.0 * (total[1] - total[0]) / total[0]);
    }
}
