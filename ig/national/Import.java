import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;

/**
 * Turns the national FHIR packages, as Nictiz publishes them (R4 XML, differentials only), into
 * the JSON packages the server loads: every conformance resource the server uses, with the
 * snapshot of each StructureDefinition generated once here rather than at every start-up.
 *
 * Usage: java -cp <classpath> Import.java <source folder> <output folder> <file of supported profiles>
 */
public class Import {

    /** The packages in dependency order: name, version, folder under the source folder. */
    private static final List<String[]> PACKAGES = List.of(
            new String[] {"nictiz.fhir.nl.r4.zib2020", "0.11.0-beta.1", "nl-core-zib2020/resources/zib"},
            new String[] {"nictiz.fhir.nl.r4.nl-core", "0.11.0-beta.1", "nl-core-zib2020/resources/nl-core"},
            new String[] {"nictiz.fhir.nl.r4.medicationprocess9", "2.0.0-rc.7", "medicationprocess9"});

    /**
     * What the server uses to validate and search: the national CapabilityStatements and
     * OperationDefinitions describe other systems, and the ConceptMaps and NamingSystems nothing it does.
     */
    private static final Set<String> KEPT = Set.of("StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter");

    /**
     * Left out: code systems the project's own terminology defines under the same canonical (its
     * own fragments, which the server already loads), and the copy of a value set that both zib and
     * MP9 publish (kept once, in zib).
     */
    private static final Set<String> LEFT_OUT = Set.of(
            "nictiz.fhir.nl.r4.zib2020 urn:oid:2.16.840.1.113883.2.4.4.10",
            "nictiz.fhir.nl.r4.zib2020 http://hl7.org/fhir/sid/icpc-1-nl",
            "nictiz.fhir.nl.r4.zib2020 http://fhir.nl/fhir/NamingSystem/uzi-rolcode",
            "nictiz.fhir.nl.r4.zib2020 http://nictiz.nl/fhir/NamingSystem/organization-type",
            "nictiz.fhir.nl.r4.medicationprocess9 http://decor.nictiz.nl/fhir/ValueSet/2.16.840.1.113883.2.4.3.11.60.40.2.9.7.8--20200901000000");

    private static Set<String> closure(List<String> roots, Map<String, Map<String, Resource>> byPackage) {
        Map<String, Resource> byUrl = new TreeMap<>();
        byPackage.values().forEach(resources -> resources.values().forEach(resource -> {
            if (resource instanceof MetadataResource metadata) {
                byUrl.put(metadata.getUrl(), resource);
            }
        }));
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String url = todo.pop().split("\\|")[0];
            Resource resource = byUrl.get(url);
            if (resource == null || !seen.add(url)) {
                continue;
            }
            if (resource instanceof StructureDefinition definition) {
                todo.add(definition.getBaseDefinition());
                for (ElementDefinition element : definition.getSnapshot().getElement()) {
                    element.getType().forEach(type -> {
                        type.getProfile().forEach(profile -> todo.add(profile.getValue()));
                        type.getTargetProfile().forEach(profile -> todo.add(profile.getValue()));
                    });
                    if (element.getBinding().hasValueSet()) {
                        todo.add(element.getBinding().getValueSet());
                    }
                }
            } else if (resource instanceof ValueSet valueSet) {
                List<ValueSet.ConceptSetComponent> sets = new ArrayList<>(valueSet.getCompose().getInclude());
                sets.addAll(valueSet.getCompose().getExclude());
                for (ValueSet.ConceptSetComponent set : sets) {
                    if (set.hasSystem()) {
                        todo.add(set.getSystem());
                    }
                    set.getValueSet().forEach(included -> todo.add(included.getValue()));
                }
            }
        }
        return seen;
    }

    /** Places a definition after its base and the profiles of the types it uses (depth first). */
    private static void place(StructureDefinition definition, Map<String, StructureDefinition> definitions,
            Set<String> placed, List<StructureDefinition> order) {
        if (!placed.add(definition.getUrl())) {
            return;
        }
        List<String> needs = new ArrayList<>();
        needs.add(definition.getBaseDefinition());
        definition.getDifferential().getElement().forEach(element -> element.getType()
                .forEach(type -> type.getProfile().forEach(profile -> needs.add(profile.getValue()))));
        for (String url : needs) {
            StructureDefinition needed = url == null ? null : definitions.get(url.split("\\|")[0]);
            if (needed != null) {
                place(needed, definitions, placed, order);
            }
        }
        order.add(definition);
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        FhirContext fhir = FhirContext.forR4();
        Map<String, Map<String, Resource>> byPackage = new TreeMap<>();
        PrePopulatedValidationSupport national = new PrePopulatedValidationSupport(fhir);
        for (String[] pkg : PACKAGES) {
            Map<String, Resource> resources = new TreeMap<>();
            try (Stream<Path> files = Files.walk(source.resolve(pkg[2]))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                    Resource resource = (Resource) fhir.newXmlParser()
                            .parseResource(Files.readString(file, StandardCharsets.UTF_8));
                    if (!KEPT.contains(resource.fhirType()) || (resource instanceof MetadataResource metadata
                            && LEFT_OUT.contains(pkg[0] + " " + metadata.getUrl()))) {
                        continue;
                    }
                    resources.put(resource.fhirType() + "-" + resource.getIdElement().getIdPart(), resource);
                    national.addResource(resource);
                }
            }
            byPackage.put(pkg[0], resources);
        }
        // The generator is asked directly, not through the chain: in the chain it would also be asked
        // for every definition fetched while generating, and take a definition's own url for a cycle.
        // Uncached: a definition fetched before its snapshot was generated must not be served without it.
        ValidationSupportChain chain = new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.disabled(),
                new DefaultProfileValidationSupport(fhir), national,
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir));
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(fhir);
        // A profile's snapshot is built on those of its base and of the extensions it uses: extensions
        // and data types first, then each profile after its base.
        Map<String, StructureDefinition> definitions = new TreeMap<>();
        byPackage.values().forEach(resources -> resources.values().stream()
                .filter(StructureDefinition.class::isInstance).map(StructureDefinition.class::cast)
                .forEach(definition -> definitions.put(definition.getUrl(), definition)));
        List<StructureDefinition> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        definitions.values().forEach(definition -> place(definition, definitions, placed, order));
        int snapshots = 0;
        List<String> failed = new ArrayList<>();
        for (StructureDefinition definition : order) {
            if (definition.hasSnapshot()) {
                continue;
            }
            try {
                StructureDefinition withSnapshot = (StructureDefinition) generator.generateSnapshot(
                        new ValidationSupportContext(chain), definition, definition.getUrl(), null, definition.getName());
                if (withSnapshot != null && withSnapshot.hasSnapshot()) {
                    definition.setSnapshot(withSnapshot.getSnapshot());
                    national.addResource(definition);
                    snapshots++;
                } else {
                    failed.add(definition.getUrl());
                }
            } catch (RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                failed.add(definition.getUrl() + " (" + cause.getMessage() + ")");
            }
        }
        // Only what the supported profiles need: the profiles themselves, their bases, the profiles
        // of their elements' types and references, and the value sets and code systems they bind.
        Set<String> needed = closure(Files.readAllLines(Path.of(args[2])).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList(), byPackage);
        // A code system published without its concepts (the G-Standaard, NHG tables, ICD-10 and the
        // like, content not-present) is one the server does not hold: left out, its codes are
        // checked as those of an unknown system, which warns rather than refuses.
        for (Map<String, Resource> resources : byPackage.values()) {
            resources.values().removeIf(resource -> resource instanceof MetadataResource metadata
                    && !(resource instanceof SearchParameter) && (!needed.contains(metadata.getUrl())
                            || resource instanceof CodeSystem system
                                    && system.getContent() == CodeSystem.CodeSystemContentMode.NOTPRESENT));
        }
        for (String[] pkg : PACKAGES) {
            Path folder = output.resolve(pkg[0]).resolve("package");
            Files.createDirectories(folder);
            for (Map.Entry<String, Resource> entry : byPackage.get(pkg[0]).entrySet()) {
                Files.writeString(folder.resolve(entry.getKey() + ".json"),
                        fhir.newJsonParser().encodeResourceToString(entry.getValue()), StandardCharsets.UTF_8);
            }
            String dependencies = PACKAGES.indexOf(pkg) == 0 ? "\"hl7.fhir.r4.core\": \"4.0.1\""
                    : "\"hl7.fhir.r4.core\": \"4.0.1\", \"" + PACKAGES.get(PACKAGES.indexOf(pkg) - 1)[0] + "\": \""
                            + PACKAGES.get(PACKAGES.indexOf(pkg) - 1)[1] + "\"";
            Files.writeString(folder.resolve("package.json"), "{\n  \"name\": \"" + pkg[0] + "\",\n  \"version\": \""
                    + pkg[1] + "\",\n  \"license\": \"CC0-1.0\",\n  \"author\": \"Nictiz\",\n  \"fhirVersions\": [\"4.0.1\"],\n"
                    + "  \"dependencies\": {" + dependencies + "}\n}\n", StandardCharsets.UTF_8);
            System.out.println(pkg[0] + "#" + pkg[1] + ": " + byPackage.get(pkg[0]).size() + " resources");
        }
        System.out.println("snapshots generated: " + snapshots + "; without a snapshot: " + failed.size());
        failed.forEach(url -> System.out.println("  no snapshot: " + url));
    }
}
