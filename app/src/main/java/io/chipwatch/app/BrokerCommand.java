package io.chipwatch.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs only the embedded broker, so services can be started one by one in other terminals. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run only the embedded Kafka broker (KRaft, loopback) on the data dir, and create chipwatch's topics.",
                "Other chipwatch commands on the same --data-dir find it by themselves."})
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--port", defaultValue = "0", description = "Client port on 127.0.0.1 (0 = a free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapFromOptionsOrEnv() != null) {
            throw new IllegalArgumentException("'broker' starts the embedded broker; do not give --bootstrap-servers or CHIPWATCH_BOOTSTRAP_SERVERS");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaEnvironment env = KafkaEnvironment.open(kafka, port, "broker")) {
            if (!env.embedded()) {
                throw new IllegalStateException("a chipwatch broker is already running on " + kafka.dataDir() + " at " + env.bootstrapServers());
            }
            System.out.println(env.bootstrapServers());
            System.out.flush();
            Shutdown.Registration hook = Shutdown.onSignal(stopped::countDown);
            try {
                stopped.await();
            } finally {
                hook.remove();
            }
        }
        return 0;
    }
}
