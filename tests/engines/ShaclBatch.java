// Validates several data files against one shapes file with Apache Jena SHACL, in one JVM.
// Usage: java -cp "$JENA_CP" ShaclBatch.java SHAPES.ttl DATA1.nt [DATA2.nt ...]
// Prints, per data file: "DATA<TAB>file<TAB>conforms", then one "RESULT<TAB>focus<TAB>severity<TAB>
// source shape<TAB>path<TAB>value" line per result. Blank nodes print as "_:".
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

public class ShaclBatch {
    static String text(Node n) {
        if (n == null) return "";
        if (n.isBlank()) return "_:";
        if (n.isURI()) return n.getURI();
        if (n.isLiteral()) return n.getLiteralLexicalForm();
        return n.toString();
    }

    public static void main(String[] args) {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int i = 1; i < args.length; i++) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            System.out.println("DATA\t" + args[i] + "\t" + report.conforms());
            for (ReportEntry e : report.getEntries()) {
                String path = e.resultPath() == null ? "" : e.resultPath().toString();
                System.out.println("RESULT\t" + text(e.focusNode()) + "\t" + e.severity().level().getURI()
                    + "\t" + text(e.source()) + "\t" + path + "\t" + text(e.value()));
            }
        }
    }
}
