package nl.schakelpunt.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * The product's implementation guide: the FHIR NPM package that the build packs from {@code ig/}
 * and {@code terminology/} onto the classpath. Read once at start-up, without network.
 */
@Component
public class ImplementationGuide {

    static final String PACKAGE_PATH = "ig/schakelpunt.ig.tgz";
    private static final String[] CONFORMANCE_TYPES =
            {"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition",
                "CapabilityStatement"};

    private final String name;
    private final String version;
    private final List<Resource> conformanceResources;
    private final Map<String, List<String>> profilesByType = new LinkedHashMap<>();

    public ImplementationGuide(FhirContext fhirContext) {
        try (InputStream in = new ClassPathResource(PACKAGE_PATH).getInputStream()) {
            NpmPackage npm = NpmPackage.fromPackage(in);
            name = npm.name();
            version = npm.version();
            List<Resource> resources = new ArrayList<>();
            for (String file : npm.listResources(CONFORMANCE_TYPES)) {
                try (InputStream resource = npm.loadResource(file)) {
                    resources.add((Resource) fhirContext.newJsonParser().parseResource(resource));
                }
            }
            conformanceResources = List.copyOf(resources);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the implementation guide package " + PACKAGE_PATH, e);
        }
        for (Resource resource : conformanceResources) {
            if (resource instanceof StructureDefinition profile
                    && profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
                    && profile.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
                profilesByType.computeIfAbsent(profile.getType(), type -> new ArrayList<>()).add(profile.getUrl());
            }
        }
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The CodeSystems, ValueSets, StructureDefinitions, SearchParameters and OperationDefinitions. */
    public List<Resource> conformanceResources() {
        return conformanceResources;
    }

    /** The canonical URLs of the profiles, by the resource type they constrain. */
    public Map<String, List<String>> profilesByType() {
        return profilesByType;
    }
}
