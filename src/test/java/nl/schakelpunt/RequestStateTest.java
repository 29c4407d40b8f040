package nl.schakelpunt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What a request learns on its way is kept in HAPI's request details (whose user data the entries
 * of a batch share with their bundle), never as servlet request attributes. Read from the sources.
 */
class RequestStateTest {

    private static final Pattern SERVLET_ATTRIBUTE = Pattern.compile("\\.(set|get|remove)Attribute\\(");

    @Test
    void noPerRequestStateInServletAttributes() throws IOException {
        assertThat(offenders("src/main/java/nl/schakelpunt")).isEmpty();
    }

    @Test
    void theCheckFindsAServletAttribute() throws IOException {
        Path folder = Files.createTempDirectory("request-state");
        Files.writeString(folder.resolve("Kept.java"), "class Kept { void f(jakarta.servlet.http.HttpServletRequest r)"
                + " { r.setAttribute(\"k\", 1); } }");
        assertThat(offenders(folder.toString())).containsExactly("Kept.java");
    }

    private static List<String> offenders(String root) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(root))) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return SERVLET_ATTRIBUTE.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
    }
}
