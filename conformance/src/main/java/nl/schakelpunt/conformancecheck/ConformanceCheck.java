package nl.schakelpunt.conformancecheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the conformance check. Two commands:
 * <pre>
 *   fetch    &lt;server base url, e.g. http://127.0.0.1:8080/fhir&gt; &lt;output dir&gt; &lt;ResourceType&gt;...
 *   validate --ig &lt;IG package: .tgz or folder&gt; [--national &lt;name#version&gt;]... [--when-declared &lt;url&gt;]...
 *            [--examples &lt;dir&gt;]...
 *            [&lt;dir or file&gt;]...
 * </pre>
 * {@code fetch} saves the server's CapabilityStatement and every resource of the given types, one file per resource,
 * as the requester whose bearer token is in the environment variable {@code FHIR_BEARER_TOKEN} sees them.
 * {@code validate} runs the HL7 validator engine offline (no terminology server) and exits 1 if any error is found.
 * The FHIR package cache is {@code ${user.home}/.fhir/packages}; run.sh points {@code user.home} at conformance/target.
 */
public final class ConformanceCheck {

    private ConformanceCheck() {
    }

    public static void main(String[] args) throws Exception {
        // The validator logs every file at INFO through slf4j; the check prints its own report.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length == 0) {
            usage();
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        int exit;
        switch (args[0]) {
            case "fetch" -> {
                if (rest.size() < 2) {
                    usage();
                }
                exit = new ServerFetcher(rest.get(0)).fetchAll(Path.of(rest.get(1)), rest.subList(2, rest.size()));
            }
            case "validate" -> exit = validate(rest);
            default -> {
                usage();
                exit = 2;
            }
        }
        System.exit(exit);
    }

    private static int validate(List<String> args) throws Exception {
        String ig = null;
        List<Path> examples = new ArrayList<>();
        List<Path> instances = new ArrayList<>();
        List<String> national = new ArrayList<>();
        List<String> whenDeclared = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--ig") && i + 1 < args.size()) {
                ig = args.get(++i);
            } else if (a.equals("--national") && i + 1 < args.size()) {
                national.add(args.get(++i));
            } else if (a.equals("--when-declared") && i + 1 < args.size()) {
                whenDeclared.add(args.get(++i));
            } else if (a.equals("--examples") && i + 1 < args.size()) {
                examples.add(Path.of(args.get(++i)));
            } else if (a.startsWith("--")) {
                usage();
            } else {
                instances.add(Path.of(a));
            }
        }
        if (ig == null) {
            usage();
        }
        return new ConformanceValidator(ig, national, whenDeclared).run(examples, instances);
    }

    private static void usage() {
        System.err.println("""
                usage:
                  fetch    <fhir base url> <output dir> <ResourceType>...
                  validate --ig <package .tgz or folder> [--national <name#version>]... [--when-declared <profile url>]...
                           [--examples <dir>]... [<dir or file>]...
                """);
        System.exit(2);
    }
}
