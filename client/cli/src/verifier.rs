//! `fiducia verifier …`: the verifier set — license, session keys, votes,
//! status — and `fiducia verifier root …`, the issuers' root motions
//! (runtime upgrade, emergency verifier-set change, stalled finality).
//! The operator's walk-through is docs/operator.md.

use crate::{parse, Context};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use fiducia_client::{
    registry::{code_hash, Registry, Role},
    verifiers::{root, GeneratedKeys, RuntimeCall, VerifierChange, Verifiers},
    AccountId, Chain,
};
use std::path::PathBuf;

/// The verifier commands.
#[derive(Subcommand)]
pub enum Command {
    /// The session, the current, queued and admitted verifiers and the minimum.
    Status,
    /// License an account as Verifier (an issuer).
    License {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// Block number at which the license ends.
        #[arg(long)]
        expires_at: Option<u32>,
    },
    /// Generate session keys on your own node (`--node-url`, which must
    /// allow unsafe RPC methods) and register them for the `--suri` account.
    RotateKeys {
        /// Your node's local RPC endpoint (default: `--url`).
        #[arg(long)]
        node_url: Option<String>,
        /// Only print the keys and proof; do not register them.
        #[arg(long)]
        no_register: bool,
    },
    /// Register session keys generated elsewhere (with `rotate-keys --no-register`).
    SetKeys {
        /// SCALE-encoded session keys, hex.
        #[arg(long)]
        keys: String,
        /// Proof of possession for the `--suri` account, hex.
        #[arg(long)]
        proof: String,
    },
    /// Register your node's peer id for the `--suri` account (a licensed
    /// verifier), so the verifiers' nodes accept it as a peer.
    RegisterNode {
        /// The peer id (base58); default: that of the node at `--node-url`.
        #[arg(long)]
        peer_id: Option<String>,
        /// Your node's local RPC endpoint (default: `--url`).
        #[arg(long)]
        node_url: Option<String>,
    },
    /// Vote to admit a licensed account (a current verifier).
    Admit {
        /// The candidate (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
    },
    /// Vote to remove a verifier (another current verifier).
    Remove {
        /// The verifier (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
    },
    /// Withdraw your vote to admit (`--admit`) or remove an account.
    Withdraw {
        /// The account the vote was about (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// The vote was to admit (default: to remove).
        #[arg(long)]
        admit: bool,
    },
    /// Root motions of the issuers (each issuer runs the same command; the
    /// majority's approval dispatches it).
    #[command(subcommand)]
    Root(RootCommand),
}

/// Calls that need Root, approved by a majority of issuers.
#[derive(Subcommand)]
pub enum RootCommand {
    /// Approve authorizing a runtime upgrade to this wasm.
    AuthorizeUpgrade {
        /// The runtime wasm (e.g. fiducia_runtime.compact.compressed.wasm).
        wasm: PathBuf,
    },
    /// Apply an authorized runtime upgrade (anyone, once authorized).
    ApplyUpgrade {
        /// The same runtime wasm.
        wasm: PathBuf,
    },
    /// Approve replacing the admitted verifier set (emergency).
    ForceVerifiers {
        /// The new set (SS58 addresses).
        #[arg(value_parser = parse::account, required = true)]
        verifiers: Vec<AccountId>,
    },
    /// Approve a new minimum number of verifiers.
    MinVerifiers {
        /// The minimum.
        min: u32,
    },
    /// Approve GRANDPA's `note_stalled`: the set planned at the next session
    /// boundary is forced in after `--delay` blocks.
    NoteStalled {
        /// Blocks after the boundary until the forced set applies.
        #[arg(long, default_value_t = 5)]
        delay: u32,
        /// The last block finalized before the stall.
        #[arg(long)]
        best_finalized: u32,
    },
    /// Withdraw your approval of a root motion.
    Withdraw {
        /// The motion's call hash (0x…).
        #[arg(value_parser = parse::hash)]
        call_hash: [u8; 32],
    },
}

/// Runs a verifier command.
pub async fn run(cx: &Context, command: Command) -> Result<()> {
    let chain = cx.chain().await?;
    let verifiers = Verifiers::new(chain.clone());
    let wait = cx.wait;
    match command {
        Command::Status => {
            let status = verifiers.status().await?;
            cx.out.show(&status, |s| s.to_string())
        },
        Command::License { who, expires_at } => {
            let block = Registry::new(chain).grant_role(&who, Role::Verifier, expires_at, &cx.signer()?, wait).await?;
            cx.out.done(&format!("{who} licensed as Verifier"), block)
        },
        Command::RegisterNode { peer_id, node_url } => {
            let peer_id = match peer_id {
                Some(peer_id) => peer_id,
                None => own_node(&verifiers, node_url).await?.local_peer_id().await?,
            };
            let block = verifiers.set_node_id(&peer_id, &cx.signer()?, wait).await?;
            cx.out.done(&format!("node {peer_id} registered for {}", cx.me()?), block)
        },
        Command::RotateKeys { node_url, no_register } => {
            let node = own_node(&verifiers, node_url).await?;
            let keys = node.rotate_keys(&cx.me()?).await?;
            if !node.node_has_keys(&keys).await? {
                anyhow::bail!("the node does not hold the keys it just generated; check its keystore");
            }
            if no_register {
                return cx.out.show(&keys, |k| format!("keys {}\nproof {}", k.keys, k.proof));
            }
            let block = verifiers.set_keys(&keys, &cx.signer()?, wait).await?;
            cx.out.done(&format!("session keys {} registered for {}", keys.keys, cx.me()?), block)
        },
        Command::SetKeys { keys, proof } => {
            let block = verifiers.set_keys(&GeneratedKeys { keys, proof }, &cx.signer()?, wait).await?;
            cx.out.done(&format!("session keys registered for {}", cx.me()?), block)
        },
        Command::Admit { who } => vote(cx, &verifiers, VerifierChange::Admit(who)).await,
        Command::Remove { who } => vote(cx, &verifiers, VerifierChange::Remove(who)).await,
        Command::Withdraw { who, admit } => {
            let change = if admit { VerifierChange::Admit(who) } else { VerifierChange::Remove(who) };
            let block = verifiers.withdraw_approval(change, &cx.signer()?, wait).await?;
            cx.out.done(&format!("vote to {change} withdrawn"), block)
        },
        Command::Root(command) => run_root(cx, &verifiers, command).await,
    }
}

/// The operator's own node: `--node-url`, or the `--url` connection.
async fn own_node(verifiers: &Verifiers, node_url: Option<String>) -> Result<Verifiers> {
    Ok(match node_url {
        Some(url) => {
            Verifiers::new(Chain::connect(&url).await.with_context(|| format!("is your node running at {url}?"))?)
        },
        None => verifiers.clone(),
    })
}

async fn vote(cx: &Context, verifiers: &Verifiers, change: VerifierChange) -> Result<()> {
    let block = verifiers.propose(change, &cx.signer()?, cx.wait).await?;
    cx.out.done(&format!("voted to {change} (applies from the session after next once a majority agrees)"), block)
}

async fn run_root(cx: &Context, verifiers: &Verifiers, command: RootCommand) -> Result<()> {
    let read = |path: &PathBuf| std::fs::read(path).with_context(|| format!("cannot read {}", path.display()));
    let call: RuntimeCall = match command {
        RootCommand::AuthorizeUpgrade { wasm } => root::authorize_upgrade(code_hash(&read(&wasm)?)),
        RootCommand::ApplyUpgrade { wasm } => {
            let block = verifiers.apply_authorized_upgrade(read(&wasm)?, &cx.signer()?, cx.wait).await?;
            return cx.out.done("runtime upgrade applied", block);
        },
        RootCommand::ForceVerifiers { verifiers } => root::force_set_verifiers(verifiers),
        RootCommand::MinVerifiers { min } => root::set_min_verifiers(min),
        RootCommand::NoteStalled { delay, best_finalized } => root::note_stalled(delay, best_finalized),
        RootCommand::Withdraw { call_hash } => {
            let block = verifiers.withdraw_root_approval(call_hash.into(), &cx.signer()?, cx.wait).await?;
            return cx.out.done(&format!("approval of root motion 0x{} withdrawn", hex::encode(call_hash)), block);
        },
    };
    let approval = verifiers.propose_root_call(call, &cx.signer()?, cx.wait).await?;
    cx.out.show(&approval, |a| a.to_string())
}
