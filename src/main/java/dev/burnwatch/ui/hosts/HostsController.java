package dev.burnwatch.ui.hosts;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.HostKeyUnknownException;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.host.SshConfigImporter;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.HostLink;
import dev.burnwatch.ui.common.UiExecutor;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.concurrent.Task;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.Window;

/**
 * Adds, imports, edits and tests hosts. Every connection runs in the background; the first
 * contact with a host shows its key's type and fingerprint and trusts it only on the
 * operator's word; a changed key is refused with what to do.
 */
public final class HostsController implements HostActions {

    /** What a successful connection test found. */
    record Contact(String hostId, String homeDir, Instant clock) {
    }

    private final ConsoleModel model;
    private final DialogService dialogs;
    private final UiExecutor executor;
    private final HostStore store;
    private final AppDirs dirs;
    private final PassphraseProvider passphrases;
    private final Function<HostConfig, HostItem> items;
    private final Window owner;

    public HostsController(ConsoleModel model, DialogService dialogs, UiExecutor executor, AppDirs dirs,
                           PassphraseProvider passphrases, Function<HostConfig, HostItem> items, Window owner) {
        this.model = model;
        this.dialogs = dialogs;
        this.executor = executor;
        this.store = new HostStore(dirs.hostsFile());
        this.dirs = dirs;
        this.passphrases = passphrases;
        this.items = items;
        this.owner = owner;
    }

    @Override
    public void add() {
        showAddForm(null);
    }

    /** The Add form, empty or (after a failed connection) as the operator left it, so nothing typed is lost. */
    private void showAddForm(HostConfig entered) {
        HostDialog.show(owner, entered, "Add a host").ifPresent(this::connectAndSave);
    }

    @Override
    public void importFromSshConfig() {
        Task<List<HostConfig>> task = new Task<>() {
            @Override
            protected List<HostConfig> call() throws Exception {
                updateTitle("Reading ~/.ssh/config");
                return SshConfigImporter.importDefault();
            }
        };
        executor.run(task, found -> {
            if (found.isEmpty()) {
                boolean exists = java.nio.file.Files.isRegularFile(SshConfigImporter.defaultFile());
                dialogs.notify("Nothing to import", exists ? "~/.ssh/config names no host with an address."
                        : "There is no ~/.ssh/config on this machine: add the host with Add instead.", false);
                return;
            }
            ChoiceDialog<String> choice = new ChoiceDialog<>(found.get(0).name(),
                    found.stream().map(HostConfig::name).toList());
            choice.initOwner(owner);
            choice.setTitle("Import from ~/.ssh/config");
            choice.setHeaderText("Which host should Burnwatch watch?");
            choice.showAndWait().flatMap(name -> found.stream().filter(h -> h.name().equals(name)).findFirst())
                    .flatMap(config -> HostDialog.show(owner, config, "Import " + config.name()))
                    .ifPresent(this::connectAndSave);
        }, error -> dialogs.showError("~/.ssh/config could not be read", error.getMessage()));
    }

    @Override
    public void edit(HostItem host) {
        if (!(host.config() instanceof HostConfig config)) {
            dialogs.notify("Nothing to edit", host.nameProperty().get() + " is not a saved SSH host.", false);
            return;
        }
        editAs(host, config, config);
    }

    private void editAs(HostItem host, HostConfig saved, HostConfig shown) {
        HostDialog.show(owner, shown, "Edit " + saved.name()).ifPresent(changed -> connect(changed, link(changed),
                contact -> save(changed, saved.name(), () -> {
                    model.removeHost(host);
                    addToModel(changed);
                }), () -> editAs(host, saved, changed)));
    }

    @Override
    public void test(HostItem host) {
        if (!(host.config() instanceof HostConfig config)) {
            dialogs.notify("Connection works", host.nameProperty().get() + " is this machine.", false);
            return;
        }
        // Through the host's own link: the demo host, say, has its own key and known_hosts file.
        HostLink probe = host.source() instanceof EngineUsageSource source ? source.link().fresh() : link(config);
        connect(config, probe, contact -> {
            dialogs.notify("Connection works", config.name() + " (" + contact.hostId() + ") answers; its clock reads "
                    + Format.time(contact.clock(), ZoneId.systemDefault()) + ".", false);
            model.refreshAll();
        }, null);
    }

    @Override
    public void remove(HostItem host) {
        String name = host.nameProperty().get();
        boolean sure = dialogs.confirm("Remove " + name + "?", "Stop watching " + name,
                "Burnwatch stops refreshing " + name + " and forgets how to reach it. Nothing on the host changes; "
                        + "its usage index and change history stay, and adding it again brings them back.");
        if (!sure) {
            return;
        }
        model.removeHost(host);
        if (!(host.config() instanceof HostConfig config)) {
            return;
        }
        Task<Boolean> task = new Task<>() {
            @Override
            protected Boolean call() throws Exception {
                updateTitle("Removing " + name);
                return store.remove(config.name());
            }
        };
        executor.run(task, removed -> { }, error -> dialogs.showError(name + " could not be removed from "
                + store.file(), messageOf(error)));
    }

    /** Connects (asking to trust a new key), then saves the host and starts watching it. */
    void connectAndSave(HostConfig config) {
        connect(config, link(config), contact -> save(config, null, () -> addToModel(config)),
                () -> showAddForm(config));
    }

    private HostLink link(HostConfig config) {
        return new HostLink(config, dirs, passphrases);
    }

    /**
     * Connects to {@code config} through {@code probe} in the background and calls
     * {@code onContact} on the JavaFX thread. An unknown host key is shown to the operator
     * and, if trusted, recorded and the connection tried again. After a failure shown to the
     * operator, {@code retry} (if any) offers the form again.
     */
    void connect(HostConfig config, HostLink probe, Consumer<Contact> onContact, Runnable retry) {
        Task<Contact> task = new Task<>() {
            @Override
            protected Contact call() throws Exception {
                updateTitle("Connecting to " + config.name());
                updateMessage(config.hostId());
                try (HostLink link = probe) {
                    Host host = link.host();
                    return new Contact(host.id(), host.homeDir(), host.now());
                }
            }
        };
        executor.run(task, onContact, error -> {
            if (error instanceof HostKeyUnknownException unknown) {
                askToTrust(config, probe, unknown, onContact, retry);
                return;
            }
            if (retry == null) {
                dialogs.showError("Could not connect to " + config.name(), messageOf(error));
            } else {
                dialogs.showError("Could not connect to " + config.name(), messageOf(error), retry);
            }
        });
    }

    private void askToTrust(HostConfig config, HostLink probe, HostKeyUnknownException unknown,
                            Consumer<Contact> onContact, Runnable retry) {
        boolean trust = dialogs.confirm("Trust this host?", "First contact with " + config.name() + " ("
                + config.address() + ":" + config.effectivePort() + ")",
                "The host presents this key:\n\n    " + unknown.keyType() + "\n    " + unknown.fingerprint()
                        + "\n\nCompare the fingerprint with the one the host's administrator gives you (on the host: "
                        + "ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub). Trust it only if they match; Burnwatch "
                        + "then remembers it and refuses the host if the key ever changes.");
        if (!trust) {
            dialogs.notify("Not trusted", config.name() + " was not contacted: its key is not trusted.", false);
            return;
        }
        Task<Void> record = new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateTitle("Trusting the key of " + config.name());
                unknown.trust();
                return null;
            }
        };
        executor.run(record, done -> connect(config, probe.fresh(), onContact, retry),
                error -> dialogs.showError("The key could not be recorded", messageOf(error)));
    }

    private void save(HostConfig config, String replacing, Runnable then) {
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateTitle("Saving " + config.name());
                if (replacing != null && !replacing.equals(config.name())) {
                    store.remove(replacing);
                }
                store.save(config);
                return null;
            }
        };
        executor.run(task, done -> then.run(), error -> dialogs.showError("The host could not be saved",
                messageOf(error)));
    }

    private void addToModel(HostConfig config) {
        Optional<HostItem> existing = model.host(config.hostId());
        existing.ifPresent(model::removeHost);
        HostItem item = items.apply(config);
        model.addHost(item);
        model.selectedHostIdProperty().set(item.id());
        dialogs.notify("Host added", config.name() + " is being read; its figures appear in a moment.", false);
    }

    private static String messageOf(Throwable error) {
        if (error instanceof HostException || error.getMessage() != null) {
            return error.getMessage();
        }
        return error.getClass().getSimpleName();
    }
}
