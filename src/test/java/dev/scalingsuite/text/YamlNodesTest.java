package dev.scalingsuite.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalingsuite.text.YamlNodes.Detail;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

class YamlNodesTest {

    private static List<NodeTuple> tuples(String yaml) {
        return ((MappingNode) YamlNodes.compose(yaml, "f.yaml", Detail.NONE).orElseThrow()).getValue();
    }

    private static String problem(String yaml, Detail detail) {
        return catchThrowableOfType(YamlSyntaxException.class, () -> YamlNodes.compose(yaml, "f.yaml", detail))
                .problem();
    }

    @Test
    void anEmptyOrNullDocumentHasNoRoot() {
        assertThat(YamlNodes.compose("", "f.yaml", Detail.NONE)).isEmpty();
        assertThat(YamlNodes.compose("# only a comment\n", "f.yaml", Detail.NONE)).isEmpty();
        assertThat(YamlNodes.compose("~", "f.yaml", Detail.NONE)).isEmpty();
    }

    @Test
    void nodesKnowTheirLineAndSource() {
        List<NodeTuple> t = tuples("a: 1\n\nb:\n  - x\n");
        assertThat(YamlNodes.line(t.get(0).getKeyNode())).isEqualTo(1);
        assertThat(YamlNodes.at("f.yaml", t.get(1).getKeyNode())).isEqualTo("f.yaml:3");
    }

    @Test
    void scalarsAreReadUnlessNullAndKeysAsWritten() {
        List<NodeTuple> t = tuples("a: ' v '\nb: ~\nc: [1]\n~: d\n[x]: e\n");
        assertThat(YamlNodes.scalar(t.get(0).getValueNode())).contains(" v ");
        assertThat(YamlNodes.scalar(t.get(1).getValueNode())).isEmpty();
        assertThat(YamlNodes.isNull(t.get(1).getValueNode())).isTrue();
        assertThat(YamlNodes.scalar(t.get(2).getValueNode())).isEmpty();
        assertThat(YamlNodes.key(t.get(0))).contains("a");
        assertThat(YamlNodes.key(t.get(3))).contains("~");
        assertThat(YamlNodes.key(t.get(4))).isEmpty();
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        assertThat(problem("a: 1\nb: [\n", Detail.NONE)).startsWith("f.yaml:3: YAML syntax error: ")
                .endsWith("; allowed: valid YAML");
    }

    @Test
    void aForbiddenCharacterIsNamedByItsCodePoint() {
        assertThat(problem("a: 1\nb: \u0001\n", Detail.NONE)).isEqualTo(
                "f.yaml:2: character U+0001 is not allowed in YAML; allowed: printable characters, tabs and line breaks");
    }

    @Test
    void anUnmarkedErrorShowsSnakeYamlsWordsOnlyWhenAsked() {
        String deep = "a: " + "[".repeat(60) + "]".repeat(60);
        assertThat(problem(deep, Detail.NONE)).isEqualTo("f.yaml:1: invalid YAML; allowed: valid YAML");
        assertThat(problem(deep, Detail.FIRST_LINE))
                .isEqualTo("f.yaml:1: invalid YAML: Nesting Depth exceeded max 50; allowed: valid YAML");
    }

    @Test
    void anEscapeCutShortAtTheEndIsReportedOnTheLastLine() {
        assertThat(problem("a: 1\nb: \"\\x", Detail.NONE)).startsWith("f.yaml:2: YAML syntax error: ")
                .endsWith("; allowed: valid YAML");
    }

    @Test
    void aProblemCarriesNoStackFrames() {
        assertThat(catchThrowableOfType(YamlSyntaxException.class,
                () -> YamlNodes.compose("a: [", "f.yaml", Detail.NONE)).getStackTrace()).isEmpty();
    }
}
