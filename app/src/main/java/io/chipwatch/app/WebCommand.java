package io.chipwatch.app;

import io.chipwatch.web.WebService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code chipwatch web}: the dashboard and HTTP API alone, against any cluster; run as many as wanted. */
@Command(name = "web", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run only the web dashboard and HTTP API (default http://127.0.0.1:8080) against the embedded broker of a",
                "running chipwatch on the same --data-dir, or your cluster. It keeps its own read model under <data-dir>/web,",
                "resumes it after a restart (--rebuild rebuilds it from the topics), and prints its URL on stdout.",
                "Any number of instances may follow one cluster (each with its own --data-dir or web.index.dir)."})
final class WebCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WebCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    WebOptions web;

    @Override
    public Integer call() throws Exception {
        if (web.port == 0) {
            web.port = 8080; // 0 turns the web service off in 'run'; here it would leave nothing to run
        }
        Pipeline.validateConfig(kafka);
        WebWiring.validate(kafka, web);
        CountDownLatch stop = new CountDownLatch(1);
        Shutdown.Registration hook = Shutdown.onSignal(stop::countDown);
        try (Shutdown.Closer closer = new Shutdown.Closer()) {
            KafkaEnvironment env = closer.add(KafkaEnvironment.open(kafka, 0, "web"));
            WebService service = closer.add(WebWiring.service(kafka, env.bootstrapServers(), web));
            String url = service.start();
            System.out.println(url);
            System.out.flush();
            log.info("chipwatch web on {} reading {}; Ctrl-C to stop", url, env.bootstrapServers());
            stop.await();
        } finally {
            hook.remove();
        }
        return 0;
    }
}
