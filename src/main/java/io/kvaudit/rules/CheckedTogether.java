package io.kvaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.compiler.CelCompiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Type-checks all the expressions of one rule in a single CEL compile. CEL's checker builds its standard environment
 * afresh for every compile, which is most of the cost of checking a short expression, and a rule has up to a dozen
 * (appliesWhen, condition, message parts, evidence): checked one by one they were most of the time it takes to load
 * the rule set.
 * <p>
 * The expressions become the elements of one list literal, each wrapped in {@code dyn(...)} so that no element's type
 * is joined with another's, and each element's argument is then cut out as its own checked AST (the checker's
 * references and types are per node, so they hold for the part as for the whole). Whenever there is any doubt, the
 * expression is left out of the answer and the caller compiles it alone, which also gives the exact error message and
 * position: the whole list does not compile, or the list has another number of elements than expressions, or an
 * element is not the {@code dyn} call written for it, or its expression does not start inside its own text (an
 * expression that closes the parenthesis and opens a new element can therefore not pass for another).
 */
final class CheckedTogether {

    private CheckedTogether() {}

    /** The checked AST of each expression (keyed by its text) that could be checked together with the others. */
    static Map<String, CelAbstractSyntaxTree> check(CelCompiler compiler, List<String> expressions) {
        Map<String, CelAbstractSyntaxTree> out = new HashMap<>();
        if (expressions.size() < 2) return out;
        StringBuilder source = new StringBuilder("[");
        int[] start = new int[expressions.size()], end = new int[expressions.size()];
        for (int i = 0; i < expressions.size(); i++) {
            if (i > 0) source.append(",\n");
            // the line breaks keep a trailing // comment from swallowing the closing parenthesis
            source.append("dyn(\n");
            start[i] = source.codePointCount(0, source.length());
            source.append(expressions.get(i));
            end[i] = source.codePointCount(0, source.length());
            source.append("\n)");
        }
        source.append("]");
        CelValidationResult result = compiler.compile(source.toString());
        if (result.hasError()) return out;
        CelAbstractSyntaxTree whole;
        try {
            whole = result.getAst();
        } catch (Exception e) {
            return out;
        }
        CelExpr root = whole.getExpr();
        if (root.getKind() != CelExpr.ExprKind.Kind.LIST) return out;
        List<CelExpr> elements = root.list().elements();
        if (elements.size() != expressions.size()) return out;
        Map<Long, Integer> positions = whole.getSource().getPositionsMap();
        for (int i = 0; i < elements.size(); i++) {
            CelExpr e = elements.get(i);
            if (e.getKind() != CelExpr.ExprKind.Kind.CALL || !e.call().function().equals("dyn")
                    || e.call().target().isPresent() || e.call().args().size() != 1) continue;
            CelExpr part = e.call().args().get(0);
            Integer at = positions.get(part.id());
            if (at == null || at < start[i] || at >= end[i]) continue;
            out.put(expressions.get(i), CelAbstractSyntaxTree.newCheckedAst(part, whole.getSource(),
                    whole.getReferenceMap(), whole.getTypeMap()));
        }
        return out;
    }
}
