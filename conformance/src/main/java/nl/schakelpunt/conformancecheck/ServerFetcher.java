package nl.schakelpunt.conformancecheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.utilities.json.model.JsonObject;
import org.hl7.fhir.utilities.json.parser.JsonParser;

/**
 * Downloads the CapabilityStatement and, per resource type, every resource the server returns for
 * {@code GET [base]/[type]?_count=200} (following the {@code next} links), one file per resource.
 * The resources are written as the server sent them (same properties, same order), pretty-printed.
 */
final class ServerFetcher {

    private static final int PAGE_SIZE = 200;
    private static final int MAX_PAGES = 100;

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServerFetcher(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    int fetchAll(Path out, List<String> types) throws IOException, InterruptedException {
        Files.createDirectories(out);
        JsonObject metadata = get(base + "/metadata");
        if (!"CapabilityStatement".equals(metadata.asString("resourceType"))) {
            throw new IOException("GET /metadata did not return a CapabilityStatement");
        }
        write(out.resolve("CapabilityStatement-metadata.json"), metadata);
        System.out.printf("fetch: %-22s %4d%n", "CapabilityStatement", 1);
        int total = 1;
        for (String type : types) {
            int count = 0;
            Set<String> seen = new HashSet<>();
            String url = base + "/" + type + "?_count=" + PAGE_SIZE;
            for (int page = 0; url != null; page++) {
                if (page == MAX_PAGES) {
                    throw new IOException("more than " + MAX_PAGES + " pages of " + type);
                }
                JsonObject bundle = get(url);
                if (!"Bundle".equals(bundle.asString("resourceType"))) {
                    throw new IOException("GET " + url + " did not return a Bundle");
                }
                for (JsonObject entry : bundle.getJsonObjects("entry")) {
                    JsonObject resource = entry.getJsonObject("resource");
                    if (resource == null) {
                        continue;
                    }
                    String rt = resource.asString("resourceType");
                    String id = resource.asString("id");
                    // A search can include other types (_include, OperationOutcome); keep only the asked type.
                    if (!type.equals(rt) || id == null || !seen.add(id)) {
                        continue;
                    }
                    write(out.resolve(rt + "-" + id + ".json"), resource);
                    count++;
                }
                url = null;
                for (JsonObject link : bundle.getJsonObjects("link")) {
                    if ("next".equals(link.asString("relation"))) {
                        url = link.asString("url");
                    }
                }
            }
            System.out.printf("fetch: %-22s %4d%n", type, count);
            total += count;
        }
        System.out.printf("fetch: %d files in %s%n", total, out);
        return 0;
    }

    private JsonObject get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(60))
                .GET();
        // The server answers only authenticated requests; the token decides what it shows.
        String token = System.getenv("FHIR_BEARER_TOKEN");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JsonParser.parseObject(response.body());
    }

    private static void write(Path file, JsonObject resource) throws IOException {
        Files.writeString(file, JsonParser.compose(resource, true));
    }
}
