// Jena SHACL as the benchmark's reference validator: loads the shapes and the data, validates,
// and prints one JSON line with the validation time (data loading excluded) and the result count.
// Run with Java 17's single-file launcher: java -cp "$(bash scripts/jena-classpath.sh)" JenaShacl.java SHAPES DATA
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class JenaShacl {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Graph shapes = RDFDataMgr.loadGraph(args[0]);
        Graph data = RDFDataMgr.loadGraph(args[1]);
        long t1 = System.nanoTime();
        ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapes), data);
        long t2 = System.nanoTime();
        System.out.println("{\"validate_seconds\": " + (t2 - t1) / 1e9 + ", \"load_seconds\": " + (t1 - t0) / 1e9
            + ", \"results\": " + report.getEntries().size() + "}");
    }
}
