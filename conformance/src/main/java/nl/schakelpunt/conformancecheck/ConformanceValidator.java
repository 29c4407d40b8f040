package nl.schakelpunt.conformancecheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r5.model.Extension;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.hl7.fhir.r5.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r5.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.utilities.json.model.JsonObject;
import org.hl7.fhir.utilities.json.parser.JsonParser;
import org.hl7.fhir.validation.ValidationEngine;

/**
 * Validates FHIR JSON files with the HL7 validator engine against R4 core plus the implementation guide, offline.
 * Every resource whose type has a profile in the IG is validated against that profile explicitly (besides whatever
 * it declares in meta.profile). Errors (and fatals) fail the run; warnings are printed; information is counted only.
 */
final class ConformanceValidator {

    /** Conformance resources of the IG itself are not instances to validate as examples. */
    private static final Set<String> DEFINITION_TYPES = Set.of(
            "StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "OperationDefinition");

    private static final String EXT_LINE = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
    private static final String EXT_COL = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";

    private final String igSource;
    private final List<String> nationalPackages;
    private final List<String> whenDeclared;

    /**
     * @param igSource         the IG package (.tgz or folder)
     * @param nationalPackages national packages as {@code name#version}, from the FHIR package cache; a resource that
     *                         declares one of their profiles is validated against what it declares
     * @param whenDeclared     IG profiles that apply only to a resource that declares them, as the server's
     *                         {@code schakelpunt.validation.when-declared} says
     */
    ConformanceValidator(String igSource, List<String> nationalPackages, List<String> whenDeclared) {
        this.igSource = igSource;
        this.nationalPackages = List.copyOf(nationalPackages);
        this.whenDeclared = List.copyOf(whenDeclared);
    }

    int run(List<Path> exampleDirs, List<Path> instancePaths) throws Exception {
        long t0 = System.nanoTime();

        // Each folder (or file) argument is a set; references resolve within their own set.
        List<Map<String, Path>> sets = new ArrayList<>();
        Map<Path, Integer> setOf = new LinkedHashMap<>();
        int skipped = 0;
        List<List<Path>> inputs = new ArrayList<>();
        for (Path dir : exampleDirs) {
            List<Path> kept = new ArrayList<>();
            for (Path f : jsonFiles(dir)) {
                if (DEFINITION_TYPES.contains(readJson(f).asString("resourceType"))) {
                    skipped++;
                } else {
                    kept.add(f);
                }
            }
            inputs.add(kept);
        }
        for (Path p : instancePaths) {
            inputs.add(jsonFiles(p));
        }
        for (List<Path> set : inputs) {
            Map<String, Path> byReference = new HashMap<>();
            for (Path f : set) {
                JsonObject json = readJson(f);
                byReference.put(json.asString("resourceType") + "/" + json.asString("id"), f);
                setOf.put(f, sets.size());
            }
            sets.add(byReference);
        }
        List<Path> files = new ArrayList<>(setOf.keySet());
        if (files.isEmpty()) {
            System.err.println("validate: nothing to validate");
            return 2;
        }

        ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
                .withVersion("4.0.1")
                // Offline: no terminology server (like -tx n/a). Codes of external systems (SNOMED CT, LOINC, ...)
                // cannot be checked then; codes of the IG's own and core code systems still are.
                .withNoTerminologyServer()
                .withCanRunWithoutTerminologyServer(true)
                .fromSource("hl7.fhir.r4.core#4.0.1");
        // Unknown extensions are errors, not silently accepted.
        engine.setAnyExtensionsAllowed(false);
        LocalReferenceFetcher references = new LocalReferenceFetcher(engine.getContext());
        engine.setFetcher(references);
        Set<String> core = structureUrls(engine);
        for (String pkg : nationalPackages) {
            engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), pkg, true);
        }
        Set<String> before = structureUrls(engine);
        Set<String> national = new HashSet<>(before);
        national.removeAll(core);
        engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), igSource, true);
        Map<String, List<String>> profilesByType = resourceProfiles(engine, before);
        System.out.printf("validate: engine, %d national packages (%d structure definitions) and IG loaded in %.1f s;"
                + " IG profiles per type:%n", nationalPackages.size(), national.size(), seconds(t0));
        profilesByType.forEach((type, urls) -> System.out.printf("  %-20s %s%n", type, String.join(", ", urls)));
        System.out.printf("validate: %d files (%d IG definition files skipped)%n", files.size(), skipped);

        int errors = 0;
        int warnings = 0;
        int information = 0;
        int filesWithErrors = 0;
        for (Path file : files) {
            references.use(sets.get(setOf.get(file)));
            JsonObject json = readJson(file);
            String type = json.asString("resourceType");
            List<String> declared = declaredProfiles(json);
            List<String> declaredNational = declared.stream()
                    .filter(d -> national.contains(d.contains("|") ? d.substring(0, d.indexOf('|')) : d))
                    .collect(Collectors.toList());
            // As the server does: a resource in the national dialect answers to the national profiles it declares.
            List<String> profiles = declaredNational.isEmpty()
                    ? profilesFor(type, declared, profilesByType, whenDeclared) : declaredNational;
            OperationOutcome oo;
            try {
                oo = engine.validate(file.toString(), profiles, null, false);
            } catch (Exception e) {
                System.out.printf("ERROR   %s: validator failed: %s%n", display(file), e);
                errors++;
                filesWithErrors++;
                continue;
            }
            int fileErrors = 0;
            for (OperationOutcomeIssueComponent issue : oo.getIssue()) {
                IssueSeverity severity = issue.getSeverity();
                if (severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL) {
                    fileErrors++;
                    System.out.println(format("ERROR  ", file, issue));
                } else if (severity == IssueSeverity.WARNING) {
                    warnings++;
                    System.out.println(format("WARNING", file, issue));
                } else {
                    information++;
                }
            }
            errors += fileErrors;
            if (fileErrors > 0) {
                filesWithErrors++;
            }
        }

        System.out.println();
        System.out.printf("conformance: %d files validated, %d errors (in %d files), %d warnings, %d information;"
                + " %.1f s%n", files.size(), errors, filesWithErrors, warnings, information, seconds(t0));
        return errors == 0 ? 0 : 1;
    }

    /** The IG's resource profiles per base type: StructureDefinitions that the IG added (kind=resource, derivation=constraint). */
    private static Map<String, List<String>> resourceProfiles(ValidationEngine engine, Set<String> before) {
        Map<String, List<String>> byType = new TreeMap<>();
        for (StructureDefinition sd : engine.getContext().fetchResourcesByType(StructureDefinition.class)) {
            if (before.contains(sd.getUrl())
                    || sd.getKind() != StructureDefinitionKind.RESOURCE
                    || sd.getDerivation() != TypeDerivationRule.CONSTRAINT) {
                continue;
            }
            List<String> urls = byType.computeIfAbsent(sd.getType(), t -> new ArrayList<>());
            if (!urls.contains(sd.getUrl())) {
                urls.add(sd.getUrl());
            }
        }
        return byType;
    }

    /**
     * The IG profiles of the type the resource declares; if it declares none, every IG profile of the type but those
     * that apply only when declared (so a resource that fits none of them fails).
     */
    private static List<String> profilesFor(String type, List<String> declared, Map<String, List<String>> byType,
            List<String> whenDeclared) {
        List<String> candidates = byType.getOrDefault(type, List.of());
        List<String> chosen = candidates.stream()
                .filter(url -> declared.stream().anyMatch(d -> d.equals(url) || d.startsWith(url + "|")))
                .collect(Collectors.toList());
        if (!chosen.isEmpty()) {
            return chosen;
        }
        return candidates.stream().filter(url -> !whenDeclared.contains(url)).collect(Collectors.toList());
    }

    private static List<String> declaredProfiles(JsonObject json) {
        JsonObject meta = json.getJsonObject("meta");
        return meta == null ? List.of() : meta.getStrings("profile");
    }

    private static Set<String> structureUrls(ValidationEngine engine) {
        Set<String> urls = new HashSet<>();
        for (StructureDefinition sd : engine.getContext().fetchResourcesByType(StructureDefinition.class)) {
            urls.add(sd.getUrl());
        }
        return urls;
    }

    private static String format(String label, Path file, OperationOutcomeIssueComponent issue) {
        Set<String> where = new LinkedHashSet<>();
        for (StringType e : issue.getExpression()) {
            where.add(e.getValue());
        }
        if (where.isEmpty()) {
            for (StringType l : issue.getLocation()) {
                where.add(l.getValue());
            }
        }
        String line = extension(issue, EXT_LINE);
        String col = extension(issue, EXT_COL);
        String position = line == null ? "" : " (line " + line + (col == null ? "" : ", col " + col) + ")";
        String message = issue.getDetails().hasText() ? issue.getDetails().getText() : issue.getDiagnostics();
        return label + " " + display(file) + " @ " + String.join(", ", where) + position + ": " + message;
    }

    /** The file relative to the working directory when it lies below it, for shorter lines. */
    private static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : file.toString();
    }

    private static String extension(OperationOutcomeIssueComponent issue, String url) {
        Extension e = issue.getExtensionByUrl(url);
        return e == null || e.getValue() == null ? null : e.getValue().primitiveValue();
    }

    private static List<Path> jsonFiles(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException("no such file or folder: " + path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        return JsonParser.parseObject(Files.readAllBytes(file));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
