package io.kvaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckedTogetherTest {

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("n", SimpleType.INT)
            .build();

    private Object eval(CelAbstractSyntaxTree ast) throws Exception {
        return CelEnvironment.runtime().createProgram(ast).eval(Map.of("n", 3L));
    }

    @Test
    void eachExpressionIsCheckedAsItselfAndEvaluatesAsIfCompiledAlone() throws Exception {
        List<String> exprs = List.of("n > 2", "[1, 2, n].exists(x, x > n)", "'a' + string(n)", "[]", "['x']",
                "n * 2 // a trailing comment", "[1, 2].map(x, x * n)");
        Map<String, CelAbstractSyntaxTree> asts = CheckedTogether.check(compiler, exprs);
        assertThat(asts).containsOnlyKeys(exprs);
        for (String e : exprs) assertThat(eval(asts.get(e))).as(e).isEqualTo(eval(compiler.compile(e).getAst()));
        // no element's type is joined with another's
        assertThat(asts.get("n > 2").getResultType()).isEqualTo(SimpleType.BOOL);
        assertThat(asts.get("['x']").getResultType()).isEqualTo(ListType.create(SimpleType.STRING));
        assertThat(asts.get("'a' + string(n)").getResultType()).isEqualTo(SimpleType.STRING);
    }

    @Test
    void anExpressionThatDoesNotCompileLeavesEveryExpressionToBeCompiledAlone() {
        assertThat(CheckedTogether.check(compiler, List.of("n > 2", "n.foo"))).isEmpty();
        assertThat(CheckedTogether.check(compiler, List.of("n > 2", "n >"))).isEmpty();
    }

    @Test
    void anExpressionThatClosesItsParenthesisCannotPassForAnother() {
        // "1), dyn(2" would make three elements out of two expressions
        assertThat(CheckedTogether.check(compiler, List.of("1), dyn(2", "3"))).isEmpty();
        // a part that opens a new element and a part that closes it: the count matches but the positions do not
        Map<String, CelAbstractSyntaxTree> shifted = CheckedTogether.check(compiler, List.of("1), dyn(n", "2) + (3"));
        assertThat(shifted).doesNotContainKey("1), dyn(n").doesNotContainKey("2) + (3");
    }
}
