package io.chipwatch.web.internal;

import io.chipwatch.web.WebConfig;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server (Javalin on Jetty): the API, the SSE alert stream, the pages (one HTML shell and
 * static scripts from the jar) and {@code /openapi.yaml}. Security lives here, in one before-handler:
 * <ul>
 *   <li>loopback binds accept only loopback Host headers (no DNS rebinding);</li>
 *   <li>on a non-loopback bind every page and API call needs the token (Bearer header or the session
 *       cookie set by {@code POST /login}); when a token is set, writes need it even on loopback;</li>
 *   <li>writes need {@code Content-Type: application/json} and the header {@code X-Chipwatch-Request},
 *       which a cross-site form or image cannot send, and a same-origin {@code Origin} when one is sent
 *       (CSRF);</li>
 *   <li>bodies are capped at {@code max.body.bytes};</li>
 *   <li>every response carries a strict Content-Security-Policy (no inline script or style), nosniff,
 *       no referrer and no framing.</li>
 * </ul>
 */
public final class WebServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String SESSION_COOKIE = "chipwatch_session";
    static final String REQUEST_HEADER = "X-Chipwatch-Request";
    private static final Pattern ASSET = Pattern.compile("([a-zA-Z0-9_-]+/)*[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*\\.(js|css|svg|png|ico|txt)");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);
    /** Paths served with the one page shell; the script renders the page for the path. */
    static final List<String> PAGES = List.of("/", "/alerts/{id}", "/search", "/entities", "/entities/{id}", "/watches",
            "/watches/new", "/watches/{id}", "/sources", "/dlq", "/status", "/login");

    /** A route the server registers: API routes are documented in openapi.yaml. */
    public record Route(String method, String path) {}

    private final WebConfig config;
    private final String token;
    private final String sessionValue;
    private final boolean loopback;
    private final Api api;
    private final AlertStream stream;
    private final List<Route> routes = new ArrayList<>();
    private final byte[] shell;
    private final String uplotVersion;
    private Javalin app;

    WebServer(WebConfig config, String token, Api api, AlertStream stream) {
        this.config = config;
        this.token = token == null || token.isBlank() ? null : token;
        this.loopback = WebConfig.isLoopback(config.bindAddress());
        if (!loopback && this.token == null) {
            throw new IllegalStateException("web.bind.address=" + config.bindAddress() + " is not a loopback address: set an API "
                    + "token (CHIPWATCH_WEB_TOKEN or --web-token-file FILE) so nobody else on the network can read or change chipwatch");
        }
        this.sessionValue = this.token == null ? null : hmac(this.token, "chipwatch-web-session-v1");
        this.api = api;
        this.stream = stream;
        this.shell = resource("web/shell.html");
        this.uplotVersion = versions().getProperty("uplot.version");
    }

    /** Starts listening; returns the port bound. */
    int start() {
        app = Javalin.create(this::configure);
        app.start(config.bindAddress(), config.port());
        return app.port();
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = config.maxBodyBytes();
        c.http.generateEtags = false;
        c.router.ignoreTrailingSlashes = true;
        c.routes.before(this::guard);
        api("GET", "/api/v1/alerts", api::alerts, c);
        c.routes.sse("/api/v1/alerts/stream", stream::connect);
        routes.add(new Route("GET", "/api/v1/alerts/stream"));
        api("GET", "/api/v1/alerts/{id}", api::alert, c);
        api("GET", "/api/v1/articles", api::articles, c);
        api("GET", "/api/v1/articles/{id}", api::article, c);
        api("GET", "/api/v1/stories/{storyId}", api::story, c);
        api("GET", "/api/v1/entities", api::entities, c);
        api("GET", "/api/v1/entities/{id}", api::entity, c);
        api("GET", "/api/v1/watches", api::watches, c);
        api("POST", "/api/v1/watches/backtest", api::backtest, c);
        api("POST", "/api/v1/watches/validate", api::validateWatch, c);
        api("GET", "/api/v1/watches/{id}", api::watch, c);
        api("PUT", "/api/v1/watches/{id}", api::putWatch, c);
        api("DELETE", "/api/v1/watches/{id}", api::deleteWatch, c);
        api("GET", "/api/v1/sources", api::sources, c);
        api("POST", "/api/v1/sources", api::addSource, c);
        api("GET", "/api/v1/dlq", api::deadLetters, c);
        api("POST", "/api/v1/dlq/{id}/retry", api::retry, c);
        api("GET", "/api/v1/status", api::status, c);
        api("GET", "/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(resource("web/openapi.yaml")), c);
        c.routes.post("/login", this::login);
        c.routes.post("/logout", this::logout);
        for (String page : PAGES) {
            c.routes.get(page, ctx -> ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(shell));
        }
        c.routes.get("/assets/<path>", this::asset);
        c.routes.exception(ApiException.class, (e, ctx) -> Http.error(ctx, e.status(), e.getMessage()));
        c.routes.exception(IllegalArgumentException.class, (e, ctx) -> Http.error(ctx, 400, e.getMessage()));
        c.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> Http.error(ctx, e.getStatus(), e.getMessage()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("web request {} {} failed", ctx.method(), ctx.path(), e);
            Http.error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
        });
        c.routes.error(404, ctx -> {
            if (ctx.attribute(Http.WRITTEN) == null) {
                Http.error(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path());
            }
        });
        c.routes.error(405, ctx -> Http.error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path()));
    }

    private void api(String method, String path, Handler handler, JavalinConfig c) {
        routes.add(new Route(method, path));
        c.routes.addHttpHandler(switch (method) {
            case "GET" -> HandlerType.GET;
            case "POST" -> HandlerType.POST;
            case "PUT" -> HandlerType.PUT;
            case "DELETE" -> HandlerType.DELETE;
            default -> throw new IllegalArgumentException("unsupported method " + method);
        }, path, handler);
    }

    /** Every route registered under /api and /openapi.yaml, for the test that compares them with openapi.yaml. */
    public List<Route> apiRoutes() {
        return List.copyOf(routes);
    }

    // ------------------------------------------------------------------ security

    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        String path = ctx.path();
        boolean apiPath = path.startsWith("/api/");
        if (apiPath) {
            ctx.header("Cache-Control", "no-store");
        }
        if (loopback) {
            String host = hostName(ctx.header("Host"));
            if (!LOOPBACK_HOSTS.contains(host)) {
                throw new ApiException(403, "Host '" + ctx.header("Host") + "' is not a loopback name; this server is bound to "
                        + config.bindAddress() + " and answers only to 127.0.0.1, localhost or [::1]");
            }
        }
        boolean write = WRITES.contains(ctx.method());
        boolean open = path.equals("/login") || path.startsWith("/assets/");
        boolean bearer = token != null && matches(bearer(ctx), token);
        boolean authenticated = bearer || (sessionValue != null && matches(ctx.cookie(SESSION_COOKIE), sessionValue));
        if (token != null && !authenticated && !open && (!loopback || write)) {
            if (!apiPath && !write && !path.equals("/openapi.yaml")) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            throw new ApiException(401, write && loopback
                    ? "writes need the API token: send 'Authorization: Bearer <token>' or log in at /login"
                    : "this server needs the API token: send 'Authorization: Bearer <token>' or log in at /login");
        }
        if (write) {
            checkWrite(ctx, bearer);
        }
    }

    /** CSRF and content checks of a write (a Bearer token cannot be sent by a cross-site page, so it suffices). */
    private void checkWrite(Context ctx, boolean bearer) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if (hasBody && !contentType.startsWith("application/json")) {
            throw new ApiException(415, "writes take Content-Type: application/json, got '" + ctx.contentType() + "'");
        }
        if (bearer) {
            return;
        }
        if (ctx.header(REQUEST_HEADER) == null) {
            throw new ApiException(403, "writes need the header '" + REQUEST_HEADER + ": 1' (protection against cross-site requests)");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("http://" + ctx.header("Host")) && !origin.equals("https://" + ctx.header("Host"))) {
            throw new ApiException(403, "cross-origin write refused: Origin " + origin + " is not this server");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "cross-site write refused (Sec-Fetch-Site: " + site + ")");
        }
    }

    private void login(Context ctx) {
        if (token == null) {
            throw new ApiException(409, "this server has no API token: nothing to log in to");
        }
        String given = Http.body(ctx, 4096).path("token").asText("");
        if (!matches(given, token)) {
            throw new ApiException(401, "wrong token");
        }
        ctx.cookie(new io.javalin.http.Cookie(SESSION_COOKIE, sessionValue, "/", -1, false, true, null, SameSite.STRICT));
        ctx.status(204);
    }

    private void logout(Context ctx) {
        ctx.cookie(new io.javalin.http.Cookie(SESSION_COOKIE, "", "/", 0, false, true, null, SameSite.STRICT));
        ctx.status(204);
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }

    private static boolean matches(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    // ------------------------------------------------------------------ static files

    private void asset(Context ctx) {
        String path = ctx.pathParam("path");
        if (!ASSET.matcher(path).matches()) {
            throw ApiException.notFound("no asset " + path);
        }
        String resource;
        if (path.startsWith("vendor/uplot/")) {
            resource = "META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/" + path.substring("vendor/uplot/".length());
        } else {
            resource = "web/assets/" + path;
        }
        byte[] bytes = resourceOrNull(resource);
        if (bytes == null) {
            throw ApiException.notFound("no asset " + path);
        }
        String type = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
                "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8").get(path.substring(path.lastIndexOf('.') + 1));
        ctx.contentType(type).header("Cache-Control", "no-cache").result(bytes);
    }

    private static byte[] resource(String name) {
        byte[] b = resourceOrNull(name);
        if (b == null) {
            throw new IllegalStateException("resource " + name + " is missing from the jar");
        }
        return b;
    }

    private static byte[] resourceOrNull(String name) {
        try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream("web/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            LOG.warn("cannot read web/versions.properties: {}", e.getMessage());
        }
        return p;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
