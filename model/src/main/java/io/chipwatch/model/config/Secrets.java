package io.chipwatch.model.config;

import java.util.Map;
import java.util.Optional;

/**
 * Secrets (webhook keys, SMTP passwords) come from the environment only, never from files on
 * topics or from logs. A {@code Secrets} is passed around instead of {@code System.getenv} so tests
 * can supply their own environment.
 */
public final class Secrets {
    private final Map<String, String> env;

    public Secrets(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static Secrets fromEnvironment() {
        return new Secrets(System.getenv());
    }

    public Optional<String> get(String variable) {
        if (variable == null || variable.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(env.get(variable)).filter(v -> !v.isEmpty());
    }

    /** For log lines: never the secret itself. */
    public static String redact(String secret) {
        return secret == null ? "null" : "****(" + secret.length() + " chars)";
    }

    @Override
    public String toString() {
        return "Secrets[" + env.size() + " variables, values hidden]";
    }
}
