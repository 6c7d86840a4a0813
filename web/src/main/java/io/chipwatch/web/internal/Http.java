package io.chipwatch.web.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** JSON in and out, with the body cap applied while reading (a missing or lying Content-Length cannot get past it). */
final class Http {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Request attribute set once a JSON body was written, so error pages do not replace it. */
    static final String WRITTEN = "chipwatch.json";

    private Http() {}

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON_TYPE).result(Json.MAPPER.writeValueAsBytes(body));
            ctx.attribute(WRITTEN, Boolean.TRUE);
        } catch (JacksonException e) {
            throw new UncheckedIOException("cannot write response JSON", e);
        }
    }

    static void error(Context ctx, int status, String message) {
        json(ctx, status, Api.map("status", status, "error", reason(status), "message", message));
    }

    static JsonNode body(Context ctx, int maxBytes) {
        byte[] bytes = read(ctx, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request has no body; send JSON");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is not JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new ApiException(413, "request body of " + declared + " bytes is larger than the limit of " + maxBytes + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ApiException(413, "request body is larger than the limit of " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
