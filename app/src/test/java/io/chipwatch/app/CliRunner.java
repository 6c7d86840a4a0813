package io.chipwatch.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the CLI in-process with stdout (and picocli's error stream) captured; commands print data with System.out. */
final class CliRunner {
    record Result(int code, String out, String err) {
        Result(int code, String out) {
            this(code, out, "");
        }

        java.util.List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private CliRunner() {}

    static synchronized Result run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            capture.flush();
            return new Result(code, buffer.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
