package nl.schakelpunt.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * The national FHIR packages (Nictiz nl-core/zib2020 and Medication Process 9, CC0) that the build
 * puts on the classpath from {@code ig/national/}: their profiles, value sets, code systems and
 * search parameters. Read at start-up, without network; their resources (some 35 MB with their
 * snapshots) are parsed when asked for and not kept: once stored, the database serves them.
 */
@Component
public class NationalPackages {

    static final String LOCATION = "classpath:ig/national/*.tgz";
    private static final String[] TYPES = {"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter"};

    /**
     * One package: its name, version, the start of the SHA-256 of its file (which changes when the
     * package is imported anew without a new version), and how many resources of each type it
     * stores (those {@link #indexable}).
     */
    public record Package(String name, String version, String digest, byte[] bytes, Map<String, Long> counts) {

        /** What its stored resources are tagged with. */
        public String tag() {
            return name + "#" + version + "@" + digest;
        }
    }

    private final FhirContext fhirContext;
    private final List<Package> packages = new ArrayList<>();
    private final Set<String> profiles = new HashSet<>();

    public NationalPackages(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        try {
            org.springframework.core.io.Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            Arrays.sort(files, Comparator.comparing(org.springframework.core.io.Resource::getFilename));
            for (org.springframework.core.io.Resource file : files) {
                byte[] bytes;
                try (InputStream in = file.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(bytes));
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
                Map<String, Long> counts = new TreeMap<>();
                Package pkg = new Package(npm.name(), npm.version(), digest, bytes, counts);
                forEachResource(pkg, resource -> {
                    if (indexable(resource)) {
                        counts.merge(resource.fhirType(), 1L, Long::sum);
                    }
                    if (resource instanceof StructureDefinition definition
                            && definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
                        profiles.add(definition.getUrl());
                    }
                });
                packages.add(new Package(pkg.name(), pkg.version(), digest, bytes, Collections.unmodifiableMap(counts)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the national packages at " + LOCATION, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public List<Package> packages() {
        return List.copyOf(packages);
    }

    /** Hands each conformance resource of the package over, parsed one at a time. */
    public void forEachResource(Package pkg, Consumer<Resource> action) {
        try {
            NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(pkg.bytes()));
            for (String name : npm.listResources(TYPES)) {
                try (InputStream resource = npm.loadResource(name)) {
                    action.accept((Resource) fhirContext.newJsonParser().parseResource(resource));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the national package " + pkg.tag(), e);
        }
    }

    /** Whether this canonical (with or without a version) names a resource profile of a national package. */
    public boolean isProfile(String canonical) {
        return canonical != null && profiles.contains(canonical.split("\\|")[0]);
    }

    /**
     * The search parameters HAPI can index as they are published: a parameter of type special,
     * with no expression (MP9's period-of-use and is-latest-stop), is the server's own to implement.
     */
    static boolean indexable(Resource resource) {
        return !(resource instanceof SearchParameter parameter) || parameter.hasExpression();
    }
}
