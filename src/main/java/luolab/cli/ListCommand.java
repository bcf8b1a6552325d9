package luolab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import luolab.scenario.Scenario;
import luolab.scenario.ScenarioException;
import luolab.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in scenarios (names usable as SCENARIO).")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioLoader loader = new ScenarioLoader();
        for (String name : ScenarioLoader.builtins()) {
            try {
                Scenario s = loader.load(name);
                out.printf("%-46s %3d steps  %s%n", name, s.steps().size(), s.name());
            } catch (ScenarioException e) {
                out.printf("%-46s  (broken: %s)%n", name, e.getMessage());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
