package org.bulkresend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation cannot rot unseen: every relative link in README.md and docs/*.md leads to a
 * file that exists and, into a Markdown file, to a heading that file has; and every design invariant
 * a comment in the code cites by name is one docs/design.md defines; every class the "where to
 * look" table names exists where it says, and every package is in the design's table of parts.
 */
class DocumentationTests {

    static final Path DESIGN = Path.of("docs", "design.md");

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]*)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    private static final Pattern CITATION = Pattern
        .compile("design: ('[^']+'(?:(?:,\\s*and\\s+|,\\s*|\\s+and\\s+)'[^']+')*)");

    private static final Pattern NUMBERED_CITATION = Pattern.compile("(?i)\\binvariants?\\s+(?:no\\.?\\s*)?\\d");

    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() {
        List<Path> documents = documents(Path.of(""));

        assertThat(documents).contains(Path.of("README.md"), Path.of("docs", "reference.md"), DESIGN);
        assertThat(relativeLinks(Path.of("README.md"))).as("the README links into docs/")
            .anyMatch((link) -> link.startsWith("docs/"));
        assertThat(documents.stream().flatMap((document) -> brokenLinks(document).stream()).toList())
            .as("links that lead nowhere").isEmpty();
    }

    @Test
    void aLinkToAMissingFileOrHeadingIsFoundAndCodeIsNotALink(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("docs"));
        Files.writeString(folder.resolve("docs/other.md"), """
                # Other
                ## Temporary passwords that expire (`--temp-password-ttl`, `expire`)
                ## Notes
                ## Notes
                """);
        Path readme = Files.writeString(folder.resolve("README.md"), """
                # Readme
                [ok](docs/other.md), [ok](docs/other.md#temporary-passwords-that-expire---temp-password-ttl-expire),
                [ok](docs/other.md#notes-1), [ok](#readme), [ok](https://example.net/missing.md),
                [gone](docs/missing.md), [no heading](docs/other.md#nowhere), [no heading here](#nowhere),
                `[in code](docs/missing-in-code.md)`
                ```
                [in a block](docs/missing-in-a-block.md)
                ```
                """);

        assertThat(documents(folder)).containsExactlyInAnyOrder(readme, folder.resolve("docs/other.md"));
        assertThat(brokenLinks(readme)).hasSize(3)
            .anyMatch((broken) -> broken.contains("docs/missing.md"))
            .anyMatch((broken) -> broken.contains("docs/other.md#nowhere"))
            .anyMatch((broken) -> broken.contains("(#nowhere)"));
    }

    @Test
    void headingsGetTheAnchorsGitHubGivesThem() {
        assertThat(anchors(List.of("# Operators: who may reset whom", "## The directory file (`directory import`)",
                "### `bulk-resend directory import`", "## Notes", "## Notes", "## Où l'envoyer")))
            .containsExactly("operators-who-may-reset-whom", "the-directory-file-directory-import",
                    "bulk-resend-directory-import", "notes", "notes-1", "où-lenvoyer");
    }

    @Test
    void everyInvariantTheCodeCitesIsDefinedInTheDesign() {
        Set<String> invariants = invariants();
        Map<String, Set<String>> cited = new TreeMap<>();
        List<String> numbered = new ArrayList<>();
        for (Path file : sources()) {
            String text = read(file);
            String joined = text.replaceAll("\\n\\s*(?:\\*|//)\\s?", " ");
            Matcher citation = CITATION.matcher(joined);
            while (citation.find()) {
                Matcher name = Pattern.compile("'([^']+)'").matcher(citation.group(1));
                while (name.find()) {
                    cited.computeIfAbsent(name.group(1), (key) -> new LinkedHashSet<>()).add(file.toString());
                }
            }
            if (NUMBERED_CITATION.matcher(joined).find()) {
                numbered.add(file.toString());
            }
        }

        assertThat(invariants).contains("no silent lockout", "told correctly once");
        assertThat(cited).as("citations in src/").containsKeys("no silent lockout", "no secret at rest");
        Map<String, Set<String>> undefined = new TreeMap<>(cited);
        undefined.keySet().removeAll(invariants);
        assertThat(undefined).as("invariants cited in src/ (and where) that " + DESIGN
                + " does not define under \"## Invariants\"").isEmpty();
        assertThat(numbered).as("files citing an invariant by number; cite it by its name, "
                + "(design: 'no silent lockout')").isEmpty();
    }

    @Test
    void theWhereToLookTableNamesClassesThatExistAndTheDesignNamesEveryPackage() {
        Path main = Path.of("src", "main", "java", "org", "bulkresend");
        String guide = read(Path.of("docs", "contributing.md"));
        String table = guide.substring(guide.indexOf("## Where to look"));
        Matcher named = Pattern.compile("`([a-z]+(?:/[a-z]+)*/[A-Z]\\w*)").matcher(table);
        Set<String> classes = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        while (named.find()) {
            classes.add(named.group(1));
            boolean exists = named.group(1).startsWith("src/") ? Files.isRegularFile(Path.of(named.group(1) + ".java"))
                    : Files.isRegularFile(main.resolve(named.group(1) + ".java")) || Files.isRegularFile(
                            Path.of("src", "test", "java", "org", "bulkresend", named.group(1) + ".java"));
            if (!exists) {
                missing.add(named.group(1));
            }
        }
        assertThat(classes).as("classes named in docs/contributing.md").contains("run/ResendRunner", "job/ResetAndTell");
        assertThat(missing).as("classes the \"where to look\" table of docs/contributing.md names that are not in "
                + main + " (or, for the tests' support, in src/test/java)").isEmpty();

        String design = read(DESIGN);
        List<String> absent = new ArrayList<>();
        try (Stream<Path> packages = Files.list(main)) {
            packages.filter(Files::isDirectory)
                .map((folder) -> folder.getFileName().toString())
                .filter((name) -> !design.contains("| `" + name + "` |"))
                .sorted()
                .forEach(absent::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        assertThat(absent).as("packages missing from the table of parts in " + DESIGN).isEmpty();
    }

    /** README.md and every Markdown file under docs/ of the given project folder. */
    static List<Path> documents(Path project) {
        List<Path> documents = new ArrayList<>();
        documents.add(project.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(project.resolve("docs"))) {
            docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return documents;
    }

    /** Each relative link of the document that leads to no file, or to no heading of a Markdown file. */
    static List<String> brokenLinks(Path document) {
        List<String> broken = new ArrayList<>();
        for (String link : relativeLinks(document)) {
            int hash = link.indexOf('#');
            String file = (hash < 0) ? link : link.substring(0, hash);
            String anchor = (hash < 0) ? null : link.substring(hash + 1);
            Path target = file.isEmpty() ? document : document.resolveSibling(file).normalize();
            String where = document + ": (" + link + ")";
            if (!Files.exists(target)) {
                broken.add(where + " leads to no file");
            }
            else if (anchor != null && !target.toString().endsWith(".md")) {
                broken.add(where + " has an anchor into a file that is not Markdown");
            }
            else if (anchor != null && !anchors(lines(target)).contains(anchor)) {
                broken.add(where + " names a heading that " + target + " does not have");
            }
        }
        return broken;
    }

    /** The targets of the document's links that are not addresses (http:, mailto:), outside code. */
    static List<String> relativeLinks(Path document) {
        List<String> links = new ArrayList<>();
        for (String line : prose(lines(document))) {
            Matcher matcher = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!target.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                    links.add(target);
                }
            }
        }
        return links;
    }

    /**
     * The anchors of a Markdown file's headings as GitHub makes them: the heading's text without its
     * markup, lower case, without punctuation, spaces as hyphens, and a repeated one numbered
     * {@code -1}, {@code -2}; plus any {@code <a id="...">}.
     */
    static List<String> anchors(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String text = heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "")
                    .replace("*", "");
                String anchor = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{Nd}\\p{Pc} -]", "")
                    .replace(' ', '-');
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /** The names of the invariants: the headings under "## Invariants" in docs/design.md, lower case. */
    static Set<String> invariants() {
        Set<String> names = new LinkedHashSet<>();
        boolean inside = false;
        for (String line : prose(lines(DESIGN))) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches() && heading.group(1).length() <= 2) {
                inside = heading.group(2).equals("Invariants");
            }
            else if (inside && heading.matches() && heading.group(1).length() == 3) {
                names.add(heading.group(2).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(List<String> lines) {
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                inFence = !inFence;
            }
            else if (!inFence) {
                prose.add(line);
            }
        }
        return prose;
    }

    /** Every Java file under src/ but this one, whose own examples of a citation would prove nothing. */
    private static List<Path> sources() {
        Path self = Path.of("src", "test", "java", "org", "bulkresend", "DocumentationTests.java");
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            return files.filter((path) -> path.toString().endsWith(".java") && !path.equals(self)).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<String> lines(Path file) {
        return read(file).lines().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
