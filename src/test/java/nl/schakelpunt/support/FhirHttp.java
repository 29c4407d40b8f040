package nl.schakelpunt.support;

import java.util.TreeMap;
import java.util.Set;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;

/** A plain HTTP client for the tests: raw requests, raw answers, and parsing where wanted. */
public final class FhirHttp {

    public static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    public static final String FHIR_JSON = "application/fhir+json";

    private final String root;
    private final String token;

    FhirHttp(String root) {
        this(root, null);
    }

    private FhirHttp(String root, String token) {
        this.root = root;
        this.token = token;
    }

    /** A client of a server at this root URL (a second node, say). */
    public static FhirHttp at(String root) {
        return new FhirHttp(root);
    }

    /** The same client, sending this bearer token. */
    public FhirHttp as(String bearerToken) {
        return new FhirHttp(root, bearerToken);
    }

    /** The same client, sending a token signed for these claims. */
    public FhirHttp as(TestTokens tokens) {
        return as(tokens.sign());
    }

    public String root() {
        return root;
    }

    public Response get(String path) {
        return send(request(path).GET(), Map.of());
    }

    /** A GET outside FHIR (actuator, demo endpoints), accepting whatever the server sends. */
    public Response getPlain(String path) {
        return send(request(path).setHeader("Accept", "*/*").GET(), Map.of());
    }

    public Response post(String path, String body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, String body, Map<String, String> headers) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)), withContentType(headers));
    }

    public Response post(String path, IBaseResource resource) {
        return post(path, json(resource));
    }

    public Response put(String path, IBaseResource resource) {
        return put(path, json(resource));
    }

    /** A PUT of a body as written, for resources in profiles the test has no model of. */
    public Response put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)), withContentType(Map.of()));
    }

    /** A PATCH with a body of the given content type (JSON Patch, or FHIRPath Patch as Parameters). */
    public Response patch(String path, String body, String contentType) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(body)),
                Map.of("Content-Type", contentType));
    }

    public Response delete(String path) {
        return send(request(path).DELETE(), Map.of());
    }

    public static String json(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : root + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", FHIR_JSON);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Map<String, String> withContentType(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", FHIR_JSON);
        return all;
    }

    private static Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: status, body, and the body parsed as FHIR on demand. */
    public record Response(int status, String body, HttpResponse<String> raw) {

        public <T extends IBaseResource> T as(Class<T> type) {
            return FHIR.newJsonParser().parseResource(type, body);
        }

        public Bundle bundle() {
            return as(Bundle.class);
        }

        public OperationOutcome outcome() {
            return as(OperationOutcome.class);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Response expect(int expected) {
            assertThat(status).as("HTTP status; body: %s", body).isEqualTo(expected);
            return this;
        }

        /**
         * The headers, by lower-case name, for comparing two answers: without those that differ between any two
         * (the time, the request id, the connection's state, the length) and with this id written as {@code {id}}.
         */
        public Map<String, String> comparableHeaders(String id) {
            Map<String, String> headers = new TreeMap<>();
            raw.headers().map().forEach((name, values) -> {
                if (!VOLATILE_HEADERS.contains(name.toLowerCase())) {
                    headers.put(name.toLowerCase(), String.join(",", values).replace(id, "{id}"));
                }
            });
            return headers;
        }
    }

    /** Headers that differ between any two answers; Tomcat closes a kept-alive connection after so many requests. */
    private static final Set<String> VOLATILE_HEADERS = Set.of("date", "x-request-id", "content-length", "connection",
            "keep-alive");
}
