package io.chipwatch.app;

import picocli.CommandLine.Option;

/** The web service's command-line options, shared by {@code run} and {@code web}. */
final class WebOptions {
    @Option(names = "--web-port", defaultValue = "8080", paramLabel = "N",
            description = "Port of the web dashboard and HTTP API (0 = off for 'run'). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--web-bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the web server binds to. Any non-loopback address needs an API token. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--web-token-file", paramLabel = "FILE",
            description = "File holding the API token (else $CHIPWATCH_WEB_TOKEN). Never give the token itself on the command line.")
    java.nio.file.Path tokenFile;

    @Option(names = "--rebuild", description = "Delete the web read model (<data-dir>/web) and rebuild it from the topics.")
    boolean rebuild;
}
