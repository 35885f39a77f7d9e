package org.bulkresend.graph;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One answer from Graph, direct or from inside a {@code $batch}.
 *
 * @param status the HTTP status
 * @param headers the headers that matter here (lower-case names)
 * @param body the JSON body, or a missing node when there is none
 */
public record GraphResponse(int status, Map<String, String> headers, JsonNode body) {

    public GraphResponse {
        body = (body != null) ? body : MissingNode.getInstance();
    }

    public boolean ok() {
        return this.status >= 200 && this.status < 300;
    }

    /** Graph's error ({@code {"error": {"code", "message"}}}) as "code: message", or the status alone. */
    public String error() {
        JsonNode error = this.body.path("error");
        String code = error.path("code").asString("");
        String message = error.path("message").asString("");
        if (code.isEmpty() && message.isEmpty()) {
            return "HTTP " + this.status;
        }
        return message.isEmpty() ? code : (code.isEmpty() ? message : code + ": " + message);
    }

    /** Graph's request id, which Microsoft support asks for. */
    public Optional<String> requestId() {
        return Optional.ofNullable(this.headers.get("request-id"));
    }
}
