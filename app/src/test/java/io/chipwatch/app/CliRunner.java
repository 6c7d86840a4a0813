package io.chipwatch.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with stdout captured (commands print data with System.out). */
final class CliRunner {
    record Result(int code, String out) {
        java.util.List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private CliRunner() {}

    static synchronized Result run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int code = Main.execute(args);
            capture.flush();
            return new Result(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
