package nl.schakelpunt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of the product depend on each other without cycles: each has a small public face,
 * and what one package needs of another never needs the first back. Read from the sources.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/nl/schakelpunt");
    private static final Pattern REFERENCE = Pattern.compile("nl\\.schakelpunt\\.([a-z]+)\\.");

    @Test
    void packagesDependOnEachOtherWithoutCycles() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies).containsKeys("access", "audit", "consent", "identity", "summary");
        List<String> cycles = new ArrayList<>();
        for (String start : dependencies.keySet()) {
            findCycles(start, start, dependencies, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package dependencies: %s", dependencies).isEmpty();
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> dependencies = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
        List<String> cycles = new ArrayList<>();
        findCycles("a", "a", dependencies, new ArrayList<>(List.of("a")), cycles);
        assertThat(cycles).containsExactly("a -> b -> c -> a");
    }

    private static void findCycles(String start, String at, Map<String, Set<String>> dependencies, List<String> path,
            List<String> cycles) {
        for (String next : dependencies.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycles(start, next, dependencies, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String own = relative.getName(0).toString();
                Set<String> uses = dependencies.computeIfAbsent(own, p -> new TreeSet<>());
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher matcher = REFERENCE.matcher(line);
                    while (matcher.find()) {
                        if (!matcher.group(1).equals(own)) {
                            uses.add(matcher.group(1));
                        }
                    }
                }
            }
        }
        return dependencies;
    }
}
