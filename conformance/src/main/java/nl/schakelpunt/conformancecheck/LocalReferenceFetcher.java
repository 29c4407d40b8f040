package nl.schakelpunt.conformancecheck;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;

/**
 * Resolves literal references ({@code Patient/123}) to the other files of the same set (the IG's examples, or what the
 * server returned), so the validator can check the target's type and its profile, offline. A reference that points
 * to nothing in the set stays unresolved, and the validator reports it. The engine consults this fetcher only for
 * what it cannot resolve itself (it looks in its packages first), so everything else answers "not found", as the
 * engine would without a fetcher.
 */
final class LocalReferenceFetcher implements IValidatorResourceFetcher {

    private static final Pattern LITERAL =
            Pattern.compile("^([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?$");

    private final IWorkerContext context;
    private Map<String, Path> resources = Map.of();

    LocalReferenceFetcher(IWorkerContext context) {
        this.context = context;
    }

    /** The set the references of the next files resolve in: "Type/id" to file. */
    void use(Map<String, Path> resources) {
        this.resources = resources;
    }

    private Path lookup(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = LITERAL.matcher(url);
        return m.matches() ? resources.get(m.group(1) + "/" + m.group(2)) : null;
    }

    @Override
    public Element fetch(IResourceValidator validator, Object appContext, String url) throws FHIRException, IOException {
        Path file = lookup(url);
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return Manager.parseSingle(context, in, Manager.FhirFormat.JSON);
            }
        }
        return null;
    }

    @Override
    public boolean resolveURL(IResourceValidator validator, Object appContext, String path, String url, IWorkerContext.VersionResolutionRules rules,
            String type, boolean canonical, List<CanonicalType> targets) throws IOException, FHIRException {
        return lookup(url) != null;
    }

    @Override
    public byte[] fetchRaw(IResourceValidator validator, String url) throws IOException {
        return null;
    }

    @Override
    public IValidatorResourceFetcher setLocale(Locale locale) {
        return this;
    }

    @Override
    public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url) throws URISyntaxException {
        return null;
    }

    @Override
    public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
        return false;
    }

    @Override
    public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(IResourceValidator validator, Object appContext, String url) {
        return Set.of();
    }
}
