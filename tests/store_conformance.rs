//! The store conformance suite: one set of properties every backend must keep, run against
//! SQLite and PostgreSQL. Where a rule is written in SQL for speed (set-based bulk
//! changes, sweep, undo, import), a property pins it to the pure core on generated cases:
//! the store must leave each contact exactly as `botctl::core` says.
//!
//! PostgreSQL cases run on the throwaway test server (`tests/pg/server.sh`); without one
//! they are skipped with a notice (and fail under `CI=true`).

mod common;

use std::collections::BTreeMap;

use botctl::core::{self, Contact, Counters, Details, Event, Kind, Reason, State, Status, Ts, Who};
use botctl::engine::{self, Author};
use botctl::store::{self, Access, ImportMode, ImportRow, Location, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const NOW: Ts = 1_800_000_000;
const H: i64 = 3600;

/// A database of one backend, and what keeps it alive (a temp folder, a schema).
struct Backend {
    store: Box<dyn Store>,
    _keep: Box<dyn std::any::Any>,
}

fn sqlite() -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let loc = Location::File(dir.path().join("conformance.db"));
    Backend {
        store: store::open(&loc, Access::Create).expect("open SQLite"),
        _keep: Box::new(dir),
    }
}

fn postgres() -> Option<Backend> {
    let server = common::pg::server()?;
    let schema = server.create_schema();
    let loc = Location::Postgres(schema.url());
    Some(Backend {
        store: store::open(&loc, Access::Create).expect("open PostgreSQL"),
        _keep: Box::new(schema),
    })
}

fn who() -> Who {
    Who {
        actor: "tester".into(),
        os_user: "tester".into(),
    }
}

/// A contact's state as generated: its stored status, reason and timer, and counters.
#[derive(Clone, Debug)]
struct Seed {
    status: Status,
    reason: Reason,
    /// Hours from now: negative = a timer that has run out (not swept yet).
    wake: Option<i64>,
    counters: Vec<(&'static str, u32)>,
}

const CHANNELS: [&str; 3] = ["default", "sms", "webchat"];

fn seed() -> impl Strategy<Value = Seed> {
    let status = prop_oneof![
        Just(Status::Active),
        Just(Status::Snoozed),
        Just(Status::Inactive)
    ];
    let reason = prop_oneof![
        Just(Reason::Manual),
        Just(Reason::AgentMessage),
        Just(Reason::WorkflowMessage),
        Just(Reason::MessageLimit),
        Just(Reason::Timer)
    ];
    let wake = prop_oneof![Just(None), (-30i64..30).prop_map(Some)];
    let counters = proptest::collection::vec((0usize..3, 0u32..5), 0..3)
        .prop_map(|v| v.into_iter().map(|(c, n)| (CHANNELS[c], n)).collect());
    (status, reason, wake, counters).prop_map(|(status, reason, wake, counters)| Seed {
        status,
        reason,
        // An active contact has no timer; a timer exactly at now is due too.
        wake: if status == Status::Active {
            None
        } else {
            wake.map(|h| if h == 0 { -1 } else { h })
        },
        counters,
    })
}

fn counters_of(seed: &Seed) -> Counters {
    let mut c = Counters::new();
    for (ch, n) in &seed.counters {
        if *n > 0 {
            *c.entry(ch.to_string()).or_default() += n;
        }
    }
    c
}

fn contact_of(id: &str, seed: &Seed) -> Contact {
    let counters = counters_of(seed);
    Contact {
        id: id.to_string(),
        name: Some(format!("Name {id}")),
        phone: None,
        email: None,
        state: State {
            status: seed.status,
            reason: seed.reason,
            wake_at: seed.wake.map(|h| NOW + h * H),
            bot_messages: core::highest(&counters),
        },
        counters,
        changed_at: NOW - 100 * H,
        changed_by: "seed".into(),
        note: None,
    }
}

/// Writes the contacts as stored (timers that ran out are left for the store to find).
fn plant(store: &mut dyn Store, prefix: &str, seeds: &[Seed]) -> Vec<(String, Contact)> {
    let mut tx = store.write().expect("write");
    let batch = tx
        .new_batch("seed", &who(), NOW - 100 * H, None)
        .expect("batch");
    let mut out = Vec::new();
    for (i, s) in seeds.iter().enumerate() {
        let id = format!("{prefix}-{i:03}");
        let c = contact_of(&id, s);
        tx.insert_contact(&c, batch, NOW - 100 * H).expect("insert");
        out.push((id, c));
    }
    tx.commit().expect("commit");
    out
}

/// What the comparison looks at: the state the rules decide, and the counters.
fn essence(c: &Contact) -> (Status, Reason, Option<Ts>, u32, BTreeMap<String, u32>) {
    (
        c.state.status,
        c.state.reason,
        c.state.wake_at,
        c.state.bot_messages,
        c.counters.clone(),
    )
}

fn stored(store: &dyn Store, id: &str) -> Contact {
    store
        .contact(id)
        .expect("read")
        .unwrap_or_else(|| panic!("{id} is missing"))
}

/// The rows of `batch`, in order.
fn rows_of(store: &dyn Store, batch: i64) -> Vec<botctl::core::Change> {
    let mut rows = Vec::new();
    store
        .batch_changes(batch, &mut |r| {
            rows.push(r);
            Ok(())
        })
        .expect("rows");
    rows
}

fn by(who: &Who) -> Author<'_> {
    Author {
        who,
        now: NOW,
        note: Some("conformance"),
    }
}

fn target() -> impl Strategy<Value = State> {
    let status = prop_oneof![
        Just(Status::Active),
        Just(Status::Snoozed),
        Just(Status::Inactive)
    ];
    (status, prop_oneof![Just(None), (1i64..40).prop_map(Some)]).prop_map(|(s, h)| {
        let wake = if s == Status::Active {
            None
        } else {
            h.map(|h| NOW + h * H)
        };
        core::requested(s, wake).expect("valid target")
    })
}

// ----- the properties -----

/// A bulk set leaves each contact as `apply_manual` says, after its due timer (if any) is
/// written down; contacts already there are left alone; undo puts back the state before.
fn set_and_undo(store: &mut dyn Store, prefix: &str, seeds: &[Seed], target: &State) {
    let planted = plant(store, prefix, seeds);
    let ids: Vec<String> = planted.iter().map(|(id, _)| id.clone()).collect();
    let w = who();
    let before: Vec<Contact> = planted
        .iter()
        .map(|(_, c)| c.clone().effective(NOW))
        .collect();
    let out = engine::change::apply(
        store,
        &ids,
        &engine::change::Target::Fixed(*target),
        false,
        "set",
        &by(&w),
    )
    .expect("set");
    let mut changed = 0;
    for (b, (id, _)) in before.iter().zip(&planted) {
        let expect = if b.state.satisfies(target) {
            essence(b)
        } else {
            changed += 1;
            let to = core::apply_manual(&b.state, target);
            let counters = if to.status == Status::Active {
                Counters::new()
            } else {
                b.counters.clone()
            };
            (
                to.status,
                to.reason,
                to.wake_at,
                core::highest(&counters),
                counters,
            )
        };
        assert_eq!(essence(&stored(store, id)), expect, "{id} after set");
    }
    assert_eq!(out.changed, changed, "contacts changed");
    let Some(batch) = out.batch else {
        assert_eq!(changed, 0);
        return;
    };
    let mut rows = 0;
    store
        .batch_changes(batch, &mut |r| {
            assert_eq!(r.kind, Kind::Status);
            assert_eq!(r.note.as_deref(), Some("conformance"));
            rows += 1;
            Ok(())
        })
        .expect("rows");
    assert_eq!(rows, changed, "one history row per change");

    let after_set: BTreeMap<String, Contact> = planted
        .iter()
        .map(|(id, _)| (id.clone(), stored(store, id)))
        .collect();
    let undone = engine::undo::undo(store, batch, false, false, &by(&w)).expect("undo");
    assert_eq!(undone.restored, changed, "restored");
    for (b, (id, _)) in before.iter().zip(&planted) {
        let now = stored(store, id);
        // As the core puts back a status: the state and counters from before the set
        // (an undo is no becoming active: nothing is reset), nothing counted since.
        let set = &after_set[id];
        let (state, counters) =
            core::undo_restore(&b.state, &b.counters, &set.counters, &set.counters, NOW);
        let expect = (
            state.status,
            state.reason,
            state.wake_at,
            state.bot_messages,
            counters,
        );
        assert_eq!(essence(&now), expect, "{id} after undo");
        assert_eq!(expect, essence(b), "{id}: undo puts back the state before");
    }
    // The undo's own rows: one per contact put back, each from the state the set left to
    // the state restored, counters included.
    let rows = rows_of(store, undone.batch.expect("an undo batch"));
    for r in &rows {
        assert_eq!(r.kind, Kind::Status);
        let id = r.contact.clone().expect("a contact");
        let (from, to) = (&after_set[&id], stored(store, &id));
        let state = |s: &State| (s.status, s.reason, s.wake_at);
        assert_eq!(
            r.from.as_ref().map(state),
            Some(state(&from.state)),
            "{id}: from"
        );
        assert_eq!(r.to.as_ref().map(state), Some(state(&to.state)), "{id}: to");
        assert_eq!(
            core::counters_from_json(r.from_counters.as_deref()),
            from.counters,
            "{id}: counters before the undo"
        );
        assert_eq!(
            core::counters_from_json(r.to_counters.as_deref()),
            to.counters,
            "{id}: counters after the undo"
        );
    }
    assert_eq!(
        rows.len() as u64,
        changed,
        "one undo row per contact put back"
    );
}

/// A sweep writes down exactly the timers that ran out, as `Contact::effective` says,
/// dated at their `wake_at`, by `timer`, and nothing else.
fn sweep(store: &mut dyn Store, prefix: &str, seeds: &[Seed]) {
    let planted = plant(store, prefix, seeds);
    let w = who();
    while engine::sweep::chunk(store, &by(&w), 7)
        .expect("sweep")
        .is_some()
    {}
    for (id, c) in &planted {
        let due = c.state.due(NOW);
        let expect = c.clone().effective(NOW);
        let now = stored(store, id);
        assert_eq!(essence(&now), essence(&expect), "{id}");
        if let Some(at) = due {
            assert_eq!(now.changed_at, at, "{id} dated at its wake_at");
            assert_eq!(now.changed_by, core::TIMER_ACTOR);
            let latest = store.latest_change(id).expect("row").expect("a row");
            assert_eq!(latest.at, at);
            assert_eq!(latest.to.map(|s| s.reason), Some(Reason::Timer));
        } else {
            assert_eq!(now.changed_at, c.changed_at, "{id} untouched");
        }
    }
}

/// Sets the message limit; returns the settings now in force.
fn limit_messages(store: &mut dyn Store, max: u32) -> core::Settings {
    let w = who();
    let key = botctl::settings::find("max-bot-messages").expect("key");
    let value = botctl::settings::normalize(key, &max.to_string()).expect("value");
    engine::settings::set_setting(store, key, &value, &by(&w)).expect("setting");
    store.settings().expect("settings")
}

/// What the core says an event does to `c`.
fn fold(c: &mut Contact, ev: Event, channel: &str, settings: &core::Settings) {
    let (state, counters) =
        core::apply_channel_event(&c.state, &c.counters, ev, channel, settings, NOW);
    c.state = state;
    c.counters = counters;
}

/// Events fold through `apply_channel_event`, one by one, per channel.
fn events(store: &mut dyn Store, prefix: &str, seed: &Seed, evs: &[(Event, usize)], max: u32) {
    let w = who();
    let settings = limit_messages(store, max);
    let planted = plant(store, prefix, std::slice::from_ref(seed));
    let (id, c) = &planted[0];
    let mut expect = c.clone().effective(NOW);
    for (ev, ch) in evs {
        fold(&mut expect, *ev, CHANNELS[*ch], &settings);
        let mut tx = store.write().expect("write");
        let e = engine::record::EventIn {
            event: *ev,
            contact: id,
            channel: CHANNELS[*ch],
            id: None,
        };
        engine::record::record(tx.as_mut(), &e, false, "record", &by(&w)).expect("record");
        tx.commit().expect("commit");
        assert_eq!(
            essence(&stored(store, id)),
            essence(&expect),
            "{id} after {ev:?}"
        );
    }
}

/// A group of events in one transaction, read ahead with `prefetch` as `record --stdin`
/// does (a backend may keep the contacts and hold small writes back): each contact ends
/// as the core folds its events, a repeated event id changes nothing, one not seen
/// before a contact is missing fails alone (its savepoint), and a read inside the
/// transaction sees every write held back.
fn event_group(
    store: &mut dyn Store,
    prefix: &str,
    seeds: &[Seed],
    evs: &[(usize, Event, usize, Option<u8>)],
    max: u32,
) {
    let w = who();
    let settings = limit_messages(store, max);
    let planted = plant(store, prefix, seeds);
    let mut expect: Vec<Contact> = planted
        .iter()
        .map(|(_, c)| c.clone().effective(NOW))
        .collect();
    let missing = format!("{prefix}-missing");
    let id_of = |i: usize| {
        if i == planted.len() {
            missing.as_str()
        } else {
            planted[i].0.as_str()
        }
    };
    let event_id = |n: u8| format!("{prefix}-e{n}");
    let mut tx = store.write().expect("write");
    let ids: Vec<&str> = evs.iter().map(|e| id_of(e.0)).collect();
    let eids: Vec<String> = evs.iter().filter_map(|e| e.3.map(event_id)).collect();
    let eid_refs: Vec<&str> = eids.iter().map(String::as_str).collect();
    tx.prefetch(&ids, &eid_refs).expect("prefetch");
    let given = engine::record::Given {
        mode: tx.mode().expect("mode"),
        settings,
        create_missing: false,
        recorded_at: NOW,
        in_order: true,
        prune: false,
    };
    let mut seen = std::collections::HashSet::new();
    for (k, (i, ev, ch, eid)) in evs.iter().enumerate() {
        let eid = eid.map(event_id);
        let e = engine::record::EventIn {
            event: *ev,
            contact: id_of(*i),
            channel: CHANNELS[*ch],
            id: eid.as_deref(),
        };
        tx.savepoint("event").expect("savepoint");
        let done = engine::record::record_with(tx.as_mut(), &e, &given, "record", &by(&w));
        if *i == planted.len() {
            // An event id recorded before changes nothing, whatever the contact; a new
            // one for a missing contact fails alone.
            if eid.as_ref().is_some_and(|id| seen.contains(id)) {
                let done = done.expect("a duplicate of a missing contact");
                assert!(done.duplicate && done.contact.is_none(), "event {k}");
                tx.release("event").expect("release");
            } else {
                assert!(done.is_err(), "event {k} on a missing contact was recorded");
                tx.rollback_to("event").expect("rollback");
            }
            continue;
        }
        let done = done.expect("record");
        tx.release("event").expect("release");
        let duplicate = eid.as_ref().is_some_and(|id| !seen.insert(id.clone()));
        assert_eq!(done.duplicate, duplicate, "event {k}: duplicate");
        if !duplicate {
            fold(&mut expect[*i], *ev, CHANNELS[*ch], &settings);
        }
        let now_stored = done.contact.expect("contact");
        assert_eq!(essence(&now_stored), essence(&expect[*i]), "event {k}");
    }
    // A read inside the transaction sees every write.
    let mut inside = Vec::new();
    tx.list(&core::ListFilter::default(), NOW, &mut |c: Contact| {
        inside.push(c);
        Ok(())
    })
    .expect("list");
    for (i, (id, _)) in planted.iter().enumerate() {
        let c = inside.iter().find(|c| &c.id == id).expect("listed");
        let c = c.clone().effective(NOW);
        assert_eq!(essence(&c), essence(&expect[i]), "{id} read inside");
    }
    tx.commit().expect("commit");
    for (i, (id, _)) in planted.iter().enumerate() {
        let c = stored(store, id).effective(NOW);
        assert_eq!(essence(&c), essence(&expect[i]), "{id} stored");
    }
    for id in &eids {
        let recorded = seen.contains(id);
        assert_eq!(
            store
                .event_seen(id, engine::record::kept_since(NOW))
                .expect("seen"),
            recorded,
            "event id {id}"
        );
    }
}

/// Removing contacts keeps each whole record; undo brings every one back as it was.
fn remove_and_undo(store: &mut dyn Store, prefix: &str, seeds: &[Seed]) {
    let planted = plant(store, prefix, seeds);
    let ids: Vec<String> = planted.iter().map(|(id, _)| id.clone()).collect();
    let w = who();
    let out = engine::contacts::remove(store, &ids, &by(&w)).expect("remove");
    assert_eq!(out.changed, ids.len() as u64);
    for id in &ids {
        assert!(store.contact(id).expect("read").is_none(), "{id} removed");
    }
    let batch = out.batch.expect("a batch");
    let undone = engine::undo::undo(store, batch, false, false, &by(&w)).expect("undo");
    assert_eq!(undone.restored, ids.len() as u64);
    // Each contact put back has its `added` row in the undo's batch, saying what it is now.
    let rows = rows_of(store, undone.batch.expect("a batch"));
    assert_eq!(rows.len(), ids.len());
    for (id, c) in &planted {
        let now = stored(store, id);
        assert_eq!(essence(&now), essence(&c.clone().effective(NOW)), "{id}");
        assert_eq!(now.details(), c.details(), "{id} details");
        let row = rows
            .iter()
            .find(|r| r.contact.as_deref() == Some(id.as_str()))
            .expect("a row");
        assert_eq!(row.kind, botctl::core::Kind::Added, "{id}");
        assert_eq!(
            row.to.map(|s| (s.status, s.reason, s.wake_at)),
            Some((now.state.status, now.state.reason, now.state.wake_at)),
            "{id}"
        );
    }
}

/// `snooze --extend` pushes every timer later, set-based, or refuses the whole change
/// when a contact (as it is now, a due timer woken) has no timer.
fn extend(store: &mut dyn Store, prefix: &str, seeds: &[Seed], secs: i64) {
    let planted = plant(store, prefix, seeds);
    let ids: Vec<String> = planted.iter().map(|(id, _)| id.clone()).collect();
    let w = who();
    let now: Vec<Contact> = planted
        .iter()
        .map(|(_, c)| c.clone().effective(NOW))
        .collect();
    let out = engine::change::extend(store, &ids, secs, &by(&w));
    if now.iter().any(|c| c.state.wake_at.is_none()) {
        let err = format!("{:#}", out.expect_err("a contact without a timer refuses"));
        assert!(err.contains("no timer"), "{err}");
        // Rolled back whole, the catch-up of a due timer too.
        for (id, c) in &planted {
            assert_eq!(essence(&stored(store, id)), essence(c), "{id} unchanged");
        }
        return;
    }
    let out = out.expect("extend");
    assert_eq!(out.changed, ids.len() as u64);
    let rows = rows_of(store, out.batch.expect("a batch"));
    assert_eq!(rows.len(), ids.len());
    for ((id, _), c) in planted.iter().zip(&now) {
        let mut want = essence(c);
        want.2 = c.state.wake_at.map(|t| t + secs);
        assert_eq!(essence(&stored(store, id)), want, "{id}");
        let row = rows
            .iter()
            .find(|r| r.contact.as_deref() == Some(id.as_str()))
            .expect("a row");
        assert_eq!(row.from.map(|s| s.wake_at), Some(c.state.wake_at), "{id}");
        assert_eq!(row.to.map(|s| s.wake_at), Some(want.2), "{id}");
        assert_eq!(row.to.map(|s| s.status), Some(c.state.status), "{id}");
    }
}

/// An import adds new contacts in their status, updates existing ones' details and sets
/// their status as `apply_manual` says (after writing down a due timer).
fn import(store: &mut dyn Store, prefix: &str, seeds: &[Seed], rows: &[(bool, Option<State>)]) {
    let planted = plant(store, prefix, seeds);
    let w = who();
    let mut stage = store.stage_import().expect("stage");
    let mut expected = Vec::new();
    for (i, (existing, status)) in rows.iter().enumerate() {
        let (id, before) = match (existing, planted.get(i)) {
            (true, Some((id, c))) => (id.clone(), Some(c.clone().effective(NOW))),
            _ => (format!("{prefix}-new-{i:03}"), None),
        };
        let row = ImportRow {
            line: i as u64 + 2,
            id: id.clone(),
            details: Details {
                name: Some(format!("Imported {i}")),
                phone: None,
                email: None,
            },
            status: status.map(|s| s.status),
            wake_at: status.and_then(|s| s.wake_at),
            new_id_problem: None,
        };
        if stage.push(&row).expect("push").is_some() {
            continue;
        }
        let expect = match (before, status) {
            (None, s) => {
                let st = s.unwrap_or(State::NEW);
                (st.status, Reason::Manual, st.wake_at, 0, Counters::new())
            }
            (Some(b), Some(t)) if !b.state.satisfies(t) => {
                let to = core::apply_manual(&b.state, t);
                let counters = if to.status == Status::Active {
                    Counters::new()
                } else {
                    b.counters.clone()
                };
                (
                    to.status,
                    to.reason,
                    to.wake_at,
                    core::highest(&counters),
                    counters,
                )
            }
            (Some(b), _) => essence(&b),
        };
        expected.push((id, expect, format!("Imported {i}")));
    }
    // As the engine does: what the merge can prepare before the lock (SQLite uses it when
    // nothing was written since; a due timer woken first makes it redo it under the lock).
    stage
        .prepare_merge(ImportMode::Upsert, &w, NOW, None)
        .expect("prepare");
    stage.finish().expect("finish");
    let mut tx = store.write().expect("write");
    tx.stage_import_ids().expect("ids");
    engine::catch_up(tx.as_mut(), store::Scope::Staged, &by(&w)).expect("catch up");
    let batch = tx
        .new_batch("contacts import", &w, NOW, None)
        .expect("batch");
    tx.merge_import(batch, ImportMode::Upsert, &w, NOW, None)
        .expect("merge");
    tx.commit().expect("commit");
    for (id, expect, name) in expected {
        let now = stored(store, &id);
        assert_eq!(essence(&now), expect, "{id}");
        assert_eq!(now.name.as_deref(), Some(name.as_str()), "{id} name");
    }
}

/// Undo of an old batch with a long history after it (PostgreSQL then looks up each
/// contact's latest row rather than reading all the history after the batch): a contact
/// whose status changed since is a conflict naming the batch that changed it (not a later
/// details edit); one that was not is put back, a details edit since or not.
fn undo_after_a_long_history(store: &mut dyn Store) {
    let w = who();
    let active = Seed {
        status: Status::Active,
        reason: Reason::Manual,
        wake: None,
        counters: Vec::new(),
    };
    let planted = plant(store, "old", &[active.clone(), active.clone(), active]);
    let (a, b, c) = (
        planted[0].0.clone(),
        planted[1].0.clone(),
        planted[2].0.clone(),
    );
    let inactive = core::requested(Status::Inactive, None).expect("target");
    let snoozed = core::requested(Status::Snoozed, Some(NOW + 2 * H)).expect("target");
    let mut set = |ids: &[String], to: State, create: bool| {
        engine::change::apply(
            store,
            ids,
            &engine::change::Target::Fixed(to),
            create,
            "set",
            &by(&w),
        )
        .expect("set")
        .batch
        .expect("a batch")
    };
    let batch_a = set(std::slice::from_ref(&a), inactive, false);
    let batch_b = set(&[b.clone(), c.clone()], inactive, false);
    let many: Vec<String> = (0..12_000).map(|i| format!("many-{i:05}")).collect();
    set(&many, inactive, true);
    let later = set(std::slice::from_ref(&a), snoozed, false);
    // Details edited since change nothing for a status undo.
    for id in [&a, &c] {
        let d = Details {
            name: Some(format!("Renamed {id}")),
            phone: None,
            email: None,
        };
        engine::contacts::edit(store, id, &d, &by(&w))
            .expect("edit")
            .expect("a batch");
    }
    let err = engine::undo::undo(store, batch_a, false, false, &by(&w))
        .expect_err("a changed since")
        .to_string();
    assert!(
        err.contains(&format!("`{a}` (now snoozed, batch {later})")),
        "{err}"
    );
    let undone = engine::undo::undo(store, batch_b, false, false, &by(&w)).expect("undo");
    assert_eq!(undone.restored, 2);
    assert_eq!(stored(store, &b).state.status, Status::Active);
    let c = stored(store, &c);
    assert_eq!(c.state.status, Status::Active);
    assert_eq!(c.name, Some(format!("Renamed {}", c.id)));
    assert_eq!(stored(store, &a).state.status, Status::Snoozed);
}

// ----- running them against each backend -----

/// How many properties [`run_all`] checks.
const PROPERTIES: u32 = 7;

/// Checks every property on `cases` generated cases each; returns the cases run.
/// An event, bot messages twice as likely as the others.
fn event() -> impl Strategy<Value = Event> + Clone {
    prop_oneof![
        Just(Event::BotMessage),
        Just(Event::BotMessage),
        Just(Event::AgentMessage),
        Just(Event::WorkflowMessage)
    ]
}

fn run_all(backend: &mut Backend, cases: u32) -> u32 {
    // A runner for each property: one runner counts its cases across `run` calls, so a
    // shared one would run the first property alone.
    let runner = || {
        TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        })
    };
    let cell = std::cell::RefCell::new(&mut backend.store);
    let n = std::cell::Cell::new(0u32);
    let next = || {
        n.set(n.get() + 1);
        format!("c{}", n.get())
    };
    let seeds = || proptest::collection::vec(seed(), 1..12);
    runner()
        .run(&(seeds(), target()), |(s, t)| {
            set_and_undo(cell.borrow_mut().as_mut(), &next(), &s, &t);
            Ok(())
        })
        .expect("set and undo match the core");
    runner()
        .run(&seeds(), |s| {
            sweep(cell.borrow_mut().as_mut(), &next(), &s);
            Ok(())
        })
        .expect("sweep matches the core");
    let evs = proptest::collection::vec((event(), 0usize..3), 1..10);
    runner()
        .run(&(seed(), evs, 1u32..5), |(s, e, max)| {
            events(cell.borrow_mut().as_mut(), &next(), &s, &e, max);
            Ok(())
        })
        .expect("events match the core");
    let group = (1usize..6).prop_flat_map(|n| {
        let evs = proptest::collection::vec(
            (
                0..=n,
                event(),
                0usize..3,
                prop_oneof![Just(None), (0u8..6).prop_map(Some)],
            ),
            1..24,
        );
        (proptest::collection::vec(seed(), n), evs, 1u32..5)
    });
    runner()
        .run(&group, |(s, e, max)| {
            event_group(cell.borrow_mut().as_mut(), &next(), &s, &e, max);
            Ok(())
        })
        .expect("a group of events matches the core");
    runner()
        .run(&seeds(), |s| {
            remove_and_undo(cell.borrow_mut().as_mut(), &next(), &s);
            Ok(())
        })
        .expect("remove and undo restore every contact");
    runner()
        .run(&(seeds(), 1i64..100_000), |(s, secs)| {
            extend(cell.borrow_mut().as_mut(), &next(), &s, secs);
            Ok(())
        })
        .expect("extend pushes every timer later, or refuses");
    let rows = proptest::collection::vec(
        (
            any::<bool>(),
            prop_oneof![Just(None), target().prop_map(Some)],
        ),
        1..12,
    );
    runner()
        .run(&(seeds(), rows), |(s, r)| {
            import(cell.borrow_mut().as_mut(), &next(), &s, &r);
            Ok(())
        })
        .expect("import matches the core");
    n.get()
}

#[test]
fn sqlite_keeps_the_core_rules() {
    let mut b = sqlite();
    assert_eq!(run_all(&mut b, 48), 48 * PROPERTIES);
}

#[test]
fn sqlite_undoes_an_old_batch() {
    undo_after_a_long_history(sqlite().store.as_mut());
}

#[test]
fn postgres_undoes_an_old_batch() {
    let Some(mut b) = postgres() else { return };
    undo_after_a_long_history(b.store.as_mut());
}

#[test]
fn postgres_keeps_the_core_rules() {
    let Some(mut b) = postgres() else { return };
    assert_eq!(run_all(&mut b, 16), 16 * PROPERTIES);
}
