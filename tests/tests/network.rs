//! The permissioned verifier network on real nodes (docs/verifiers.md): one
//! `local` network of four verifier nodes for every step, in order —
//!
//! (a) a fifth account is licensed and runs its own node, which gets no
//!     peer until the account registers the node's peer id; it generates
//!     and registers session keys, is admitted by a majority, and then
//!     authors blocks and casts GRANDPA votes;
//! (b) it is removed by a majority of the others and stops; a removal below
//!     the minimum of 4 is refused;
//! (c) with 1 of 4 verifiers killed, blocks and finality go on;
//! (d) with 2 of 4 killed, finality stops while blocks go on, no two nodes
//!     ever finalize different blocks, and finality resumes when they return;
//! (e) a verifier killed with `SIGKILL` while a client submits contract
//!     calls through it loses no finalized block or contract state, and the
//!     client's connection comes back by itself.
//!
//! Every step asserts block numbers, hashes or metric values.

use anyhow::{ensure, Context, Result};
use fiducia_client::{
    account_of,
    advice::Advice,
    registry::{Registry, Role},
    runtime,
    verifiers::{VerifierChange, Verifiers},
    AccountId, Chain, Keypair, Wait,
};
use fiducia_e2e::{
    bundle, certify_contracts,
    network::{block_hash, heads_of, rpc, LocalNet},
};
use serde_json::Value;
use std::time::{Duration, Instant};
use subxt::utils::MultiAddress;

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;
/// Blocks a produced (constructed) block is counted under.
const BLOCKS_BUILT: &str = "substrate_proposer_block_constructed_count";
/// GRANDPA prevotes this node cast.
const PREVOTES: &str = "substrate_finality_grandpa_prevotes_total";

fn dev(name: &str) -> Keypair {
    fiducia_client::signer_from_uri(&format!("//{name}")).expect("dev account")
}

/// Polls `check` every half second until it returns `Some`, for at most `within`.
async fn until<T, F, Fut>(what: &str, within: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        ensure!(Instant::now() < deadline, "timed out after {within:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn current_verifiers(chain: &Chain) -> Result<Vec<AccountId>> {
    Ok(Verifiers::new(chain.clone()).status().await?.current)
}

/// Waits until `who` is (or is not) a verifier of the current session.
async fn until_in_session(chain: &Chain, who: &AccountId, present: bool) -> Result<()> {
    // A change applies at the second session boundary: at most 2 × 10
    // blocks of 2 s, plus finality.
    until("the session change", Duration::from_secs(75), || async {
        Ok((current_verifiers(chain).await?.contains(who) == present).then_some(()))
    })
    .await
}

/// Waits until node `index`'s finalized head is at least `target`.
async fn until_finalized(chain: &Chain, target: u64, within: Duration) -> Result<u64> {
    until(&format!("block #{target} to be finalized"), within, || async {
        let finalized = heads_of(chain).await?.finalized;
        Ok((finalized >= target).then_some(finalized))
    })
    .await
}

/// Every node in `chains` has the same hash at every height up to the
/// lowest finalized head among them: no two finalized blocks conflict.
async fn assert_no_conflicting_finality(chains: &[&Chain]) -> Result<u64> {
    let mut lowest = u64::MAX;
    for chain in chains {
        lowest = lowest.min(heads_of(chain).await?.finalized);
    }
    for number in 1..=lowest {
        let first = block_hash(chains[0], number).await?;
        for chain in &chains[1..] {
            ensure!(block_hash(chain, number).await? == first, "nodes finalized different blocks at #{number}");
        }
    }
    Ok(lowest)
}

#[tokio::test(flavor = "multi_thread")]
async fn verifier_network_admits_removes_and_survives_faults() -> Result<()> {
    let started = Instant::now();
    let mut net = LocalNet::start().await?;
    let alice_node = net.chain(1).await?;
    let verifiers = Verifiers::new(alice_node.clone());
    let genesis_set = current_verifiers(&alice_node).await?;
    assert_eq!(genesis_set.len(), 4, "the local preset has four verifiers");
    // Prometheus on every node: its finalized height is the chain's.
    // (The node refreshes these gauges every few seconds.)
    for i in 1..=4 {
        let finalized = heads_of(&net.chain(i).await?).await?.finalized as f64;
        assert!(finalized > 0.0);
        until(
            &format!("node {i}'s finalized-height metric to reach #{finalized}"),
            Duration::from_secs(20),
            || async {
                let reported = net.metric_with(i, "substrate_block_height", "status=\"finalized\"")?;
                Ok((reported >= finalized).then_some(()))
            },
        )
        .await?;
    }
    eprintln!("network of 4 finalizing after {:?}", started.elapsed());

    // (a) A fifth account: funded, licensed by an issuer, its own node.
    let eve = dev("FifthVerifier");
    let eve_id = account_of(&eve);
    let fund = runtime::tx().balances().transfer_keep_alive(MultiAddress::Id(eve_id), 1_000 * FID);
    alice_node.submit("fund", &fund, &dev("Alice"), W).await?;
    Registry::new(alice_node.clone()).grant_role(&eve_id, Role::Verifier, None, &dev("Alice"), W).await?;
    let fifth = net.add_validator().await?;
    // Its node is no licensed verifier's node yet: the verifiers refuse it.
    let eve_node =
        until("the fifth node's RPC", Duration::from_secs(60), || async { Ok(net.chain(fifth).await.ok()) }).await?;
    tokio::time::sleep(Duration::from_secs(8)).await;
    let health = rpc(&eve_node, "system_health", Value::Null).await?;
    assert_eq!(health["peers"], 0, "an unregistered node got peers: {health}");
    assert_eq!(heads_of(&eve_node).await?.best, 0, "an unregistered node synced");
    let peer_id = net.node(fifth).peer_id.clone();
    verifiers.set_node_id(&peer_id, &eve, W).await?;
    net.wait_finalizing(fifth, Duration::from_secs(120)).await?;
    // Keys generated in the fifth node's keystore, with the proof for Eve.
    let keys = Verifiers::new(eve_node.clone()).rotate_keys(&eve_id).await?;
    assert!(Verifiers::new(eve_node.clone()).node_has_keys(&keys).await?);
    verifiers.set_keys(&keys, &eve, W).await?;
    assert!(verifiers.has_session_keys(&eve_id).await?);
    // Not a verifier yet: its votes do not count, and it authors nothing.
    let refused = verifiers.propose(VerifierChange::Admit(eve_id), &eve, W).await.unwrap_err();
    assert!(refused.to_string().contains("NotVerifier"), "{refused}");
    assert_eq!(net.metric(fifth, BLOCKS_BUILT)?, 0.0);
    // 3 of 4 verifiers admit it (2 are not a strict majority).
    for (i, name) in ["Alice", "Bob", "Charlie"].into_iter().enumerate() {
        verifiers.propose(VerifierChange::Admit(eve_id), &dev(name), W).await?;
        let admitted = verifiers.status().await?.admitted.contains(&eve_id);
        assert_eq!(admitted, i == 2, "after {} approvals", i + 1);
    }
    until_in_session(&alice_node, &eve_id, true).await?;
    assert_eq!(current_verifiers(&alice_node).await?.len(), 5);
    until("the fifth node to author a block and vote", Duration::from_secs(60), || async {
        Ok((net.metric(fifth, BLOCKS_BUILT)? > 0.0 && net.metric(fifth, PREVOTES)? > 0.0).then_some(()))
    })
    .await?;
    let now = heads_of(&alice_node).await?.finalized;
    until_finalized(&alice_node, now + 3, Duration::from_secs(30)).await?;
    eprintln!("(a) admitted and authoring after {:?}", started.elapsed());

    // (b) Removed by 3 of the 4 others; it stops authoring and voting.
    for name in ["Alice", "Bob", "Charlie"] {
        verifiers.propose(VerifierChange::Remove(eve_id), &dev(name), W).await?;
    }
    assert!(!verifiers.status().await?.admitted.contains(&eve_id));
    until_in_session(&alice_node, &eve_id, false).await?;
    // Let the GRANDPA set change be finalized, then nothing more from Eve.
    let now = heads_of(&alice_node).await?.finalized;
    until_finalized(&alice_node, now + 4, Duration::from_secs(30)).await?;
    let (built, voted) = (net.metric(fifth, BLOCKS_BUILT)?, net.metric(fifth, PREVOTES)?);
    let now = heads_of(&alice_node).await?.finalized;
    until_finalized(&alice_node, now + 8, Duration::from_secs(40)).await?;
    assert_eq!(net.metric(fifth, BLOCKS_BUILT)?, built, "a removed verifier authored a block");
    assert_eq!(net.metric(fifth, PREVOTES)?, voted, "a removed verifier voted");
    let below = verifiers.propose(VerifierChange::Remove(account_of(&dev("Dave"))), &dev("Bob"), W).await;
    let below = below.expect_err("removal below the minimum of 4");
    assert!(below.to_string().contains("BelowMinimum"), "{below}");
    net.kill(fifth, libc::SIGTERM)?;
    eprintln!("(b) removed, and the minimum held, after {:?}", started.elapsed());

    // (c) One of four killed: blocks and finality go on.
    net.kill(4, libc::SIGKILL)?;
    let before = heads_of(&alice_node).await?;
    let after = until_finalized(&alice_node, before.finalized + 5, Duration::from_secs(40)).await?;
    let lag = heads_of(&alice_node).await?;
    assert!(lag.best - lag.finalized <= 4, "finality lags {} blocks with 3 of 4 voters", lag.best - lag.finalized);
    eprintln!("(c) 3 of 4: finalized #{} → #{after}, lag {}", before.finalized, lag.best - lag.finalized);
    net.restart(4)?;
    net.wait_finalizing(4, Duration::from_secs(60)).await?;

    // (d) Two of four killed: finality stops, blocks continue.
    net.kill(3, libc::SIGKILL)?;
    net.kill(4, libc::SIGKILL)?;
    tokio::time::sleep(Duration::from_secs(4)).await; // a round in flight may still complete
    let stalled = heads_of(&alice_node).await?;
    tokio::time::sleep(Duration::from_secs(16)).await;
    let later = heads_of(&alice_node).await?;
    assert_eq!(later.finalized, stalled.finalized, "finalized with 2 of 4 voters");
    assert!(later.best > stalled.best, "Alice and Bob stopped authoring: {stalled:?} → {later:?}");
    let bob_node = net.chain(2).await?;
    assert_no_conflicting_finality(&[&alice_node, &bob_node]).await?;
    net.restart(3)?;
    net.restart(4)?;
    let resumed = until_finalized(&alice_node, later.best + 1, Duration::from_secs(90)).await?;
    let (charlie_node, dave_node) = (net.chain(3).await?, net.chain(4).await?);
    until_finalized(&dave_node, resumed, Duration::from_secs(60)).await?;
    let agreed = assert_no_conflicting_finality(&[&alice_node, &bob_node, &charlie_node, &dave_node]).await?;
    eprintln!(
        "(d) 2 of 4: finality held at #{} while best went #{} → #{}; resumed to #{resumed}, all 4 agree up to #{agreed}",
        stalled.finalized, stalled.best, later.best
    );

    // (e) A client submits contract calls through Bob's node; Bob is killed.
    certify_contracts(&alice_node).await?;
    let advice = Advice::deploy(&alice_node, bundle("advice")?, None, &dev("Alice"), W).await?;
    let through_bob = Advice::at(bob_node.clone(), *advice.address(), bundle("advice")?);
    let mut published = Vec::new();
    for _ in 0..2 {
        published.push(through_bob.publish_product(&dev("Bob"), W).await?.value);
    }
    let before = heads_of(&bob_node).await?;
    let before_hash = block_hash(&bob_node, before.finalized).await?.context("finalized hash")?;
    let count_before = through_bob.product_count().await?;
    // A call in flight when the node dies.
    let in_flight = {
        let through_bob = Advice::at(bob_node.clone(), *advice.address(), bundle("advice")?);
        tokio::spawn(async move { through_bob.publish_product(&dev("Bob"), W).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    net.kill(2, libc::SIGKILL)?;
    net.restart(2)?;
    net.wait_finalizing(2, Duration::from_secs(60)).await?;
    // The connection was re-dialled meanwhile; the call in flight either
    // landed or failed with a connection error, never half-done.
    let lost = in_flight.await?;
    // Bob's database kept every finalized block.
    let restarted = heads_of(&bob_node).await?;
    assert!(restarted.finalized >= before.finalized, "{restarted:?} after {before:?}");
    assert_eq!(block_hash(&bob_node, before.finalized).await?.as_deref(), Some(before_hash.as_str()));
    assert_eq!(block_hash(&alice_node, before.finalized).await?.as_deref(), Some(before_hash.as_str()));
    // The same client handle works again, and the contract state is intact.
    let again = until("the client to reconnect", Duration::from_secs(60), || async {
        Ok(through_bob.publish_product(&dev("Bob"), W).await.ok().map(|r| r.value))
    })
    .await?;
    published.push(again);
    let count = through_bob.product_count().await?;
    assert!(count > count_before, "{count} products after {count_before}");
    assert_eq!(count, advice.product_count().await?, "Bob's and Alice's nodes disagree");
    for id in &published {
        let product = through_bob.product(*id).await?.context("a published product is gone")?;
        assert_eq!(product.institution, account_of(&dev("Bob")));
    }
    eprintln!(
        "(e) kill -9 of Bob's node: finalized #{} ({before_hash}) kept, in-flight call {}, {count} products after restart; done after {:?}",
        before.finalized,
        if lost.is_ok() { "landed" } else { "failed and was not retried" },
        started.elapsed()
    );
    Ok(())
}
