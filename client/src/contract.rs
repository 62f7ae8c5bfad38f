//! Deploying and calling ink! 5 contracts on `pallet-contracts`.
//!
//! Every call is first dry-run through the `ContractsApi_call` runtime API:
//! the dry-run gives the gas and storage deposit to sign for, and shows a
//! contract's typed error (or a runtime error) *before* anything is signed.

use crate::{
    chain::{AccountId, Chain, TxEvents, Wait},
    error::connection,
    registry::{Certification, Registry},
    runtime::{
        self,
        runtime_types::{
            pallet_contracts::primitives::{Code, ContractResult, ExecReturnValue, StorageDeposit},
            sp_runtime::DispatchError,
            sp_weights::weight_v2::Weight,
        },
    },
    Error, Keypair,
};
use codec::{Compact, Decode, Encode};
use ink::env::{
    call::{
        state::Salt as CreateSalt,
        utils::{ReturnType, Set, Unset},
        Call, CallBuilder, CreateBuilder, ExecutionInput,
    },
    Environment,
};
use serde::Serialize;
use serde_json::Value;
use std::{collections::HashMap, marker::PhantomData, path::Path, sync::Arc};
use subxt::utils::{MultiAddress, H256};

/// ink!'s `REVERT` return flag: the message returned an error.
const REVERT: u32 = 1;

/// The `tracing` target of the event every dry-run and query emits at debug
/// level, with the fields `contract`, `message` (the message's label, also
/// the event's text), `ref_time`, `proof_size` (the weight it needed) and
/// `reverted` (`RUST_LOG=fiducia_client::dry_run=debug`
/// shows them; docs/generated/weights.md is made from them, docs/weights.md).
pub const DRY_RUN_TARGET: &str = "fiducia_client::dry_run";

/// A contract bundle (`<name>.contract`): the wasm, and from its ink!
/// metadata the selectors of constructors and messages and the signature
/// topics of events.
#[derive(Debug)]
pub struct ContractBundle {
    /// Contract name.
    pub name: String,
    /// The wasm blob.
    pub wasm: Vec<u8>,
    constructors: HashMap<String, [u8; 4]>,
    messages: HashMap<String, [u8; 4]>,
    events: HashMap<[u8; 32], String>,
}

fn hex_bytes(value: &Value, what: &str) -> Result<Vec<u8>, Error> {
    let text = value.as_str().ok_or_else(|| Error::Bundle(format!("{what} is not a string")))?;
    hex::decode(text.trim_start_matches("0x")).map_err(|e| Error::Bundle(format!("{what}: {e}")))
}

fn selectors(spec: &Value, kind: &str) -> Result<HashMap<String, [u8; 4]>, Error> {
    let items = spec[kind].as_array().ok_or_else(|| Error::Bundle(format!("no spec.{kind}")))?;
    items
        .iter()
        .map(|item| {
            let label = item["label"].as_str().unwrap_or_default().to_string();
            let selector: [u8; 4] = hex_bytes(&item["selector"], "selector")?
                .try_into()
                .map_err(|_| Error::Bundle(format!("selector of {label} is not 4 bytes")))?;
            Ok((label, selector))
        })
        .collect()
}

impl ContractBundle {
    /// Reads a `.contract` bundle written by `fiducia-ink-build`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read(path).map_err(|e| Error::Bundle(format!("cannot read {}: {e}", path.display())))?;
        Self::from_json(&text)
    }

    /// Parses a `.contract` bundle.
    pub fn from_json(text: &[u8]) -> Result<Self, Error> {
        let json: Value = serde_json::from_slice(text).map_err(|e| Error::Bundle(e.to_string()))?;
        if json["version"] != 5 {
            return Err(Error::Bundle("not ink! v5 metadata".into()));
        }
        let spec = &json["spec"];
        let mut events = HashMap::new();
        for event in spec["events"].as_array().into_iter().flatten() {
            if event["signature_topic"].is_null() {
                continue; // anonymous events carry no signature topic
            }
            let topic: [u8; 32] = hex_bytes(&event["signature_topic"], "signature_topic")?
                .try_into()
                .map_err(|_| Error::Bundle("signature topic is not 32 bytes".into()))?;
            events.insert(topic, event["label"].as_str().unwrap_or_default().to_string());
        }
        Ok(ContractBundle {
            name: json["contract"]["name"].as_str().unwrap_or_default().to_string(),
            wasm: hex_bytes(&json["source"]["wasm"], "source.wasm")?,
            constructors: selectors(spec, "constructors")?,
            messages: selectors(spec, "messages")?,
            events,
        })
    }

    /// The name of the message with this selector, for people (`?` when
    /// the bundle does not list it).
    pub fn message_label(&self, selector: &[u8]) -> &str {
        self.messages.iter().find(|(_, s)| s.as_slice() == selector).map_or("?", |(label, _)| label.as_str())
    }

    /// The name of the constructor with this selector, for people.
    pub fn constructor_label(&self, selector: &[u8]) -> &str {
        self.constructors.iter().find(|(_, s)| s.as_slice() == selector).map_or("?", |(label, _)| label.as_str())
    }

    /// Whether the bundle's metadata lists an event with this signature topic.
    pub fn has_event(&self, topic: &[u8; 32]) -> bool {
        self.events.contains_key(topic)
    }

    /// The signature topics of every event the metadata lists.
    pub fn event_topics(&self) -> impl Iterator<Item = &[u8; 32]> {
        self.events.keys()
    }
}

/// The environment the Fiducia contracts are built for.
pub type Env = fiducia_registry_api::FiduciaEnvironment;

/// An ink! call of one message, as a contract's own generated call builder
/// returns it (`LendingRef`'s builder `.invest(id)`, …).
pub type InkCall<Args, R> = CallBuilder<Env, Set<Call<Env>>, Set<ExecutionInput<Args>>, Set<ReturnType<R>>>;

/// A contract message: its selector and SCALE-encoded arguments, built by
/// the contract's own ink!-generated call builder, and the type `R` it
/// returns. The message, its arguments and its return type are defined once,
/// in the contract: renaming one breaks the client's build.
pub struct Message<R> {
    input: Vec<u8>,
    returns: PhantomData<fn() -> R>,
}

impl<R> Message<R> {
    /// Selector followed by the SCALE-encoded arguments.
    pub fn input(&self) -> &[u8] {
        &self.input
    }

    /// The message's selector.
    pub fn selector(&self) -> &[u8] {
        &self.input[..4]
    }

    /// The same message, its answer decoded as the client's version `T` of
    /// a record that is generic over the account type (ink!'s `AccountId`
    /// and the client's encode alike), e.g. `Loan<AccountId>`.
    pub fn returning<T>(self) -> Message<T> {
        Message { input: self.input, returns: PhantomData }
    }
}

impl<Args: Encode, R> From<InkCall<Args, R>> for Message<R> {
    fn from(call: InkCall<Args, R>) -> Self {
        Message { input: call.params().exec_input().encode(), returns: PhantomData }
    }
}

/// An ink! instantiation of contract `C`, as its reference's generated
/// constructor returns it (`LendingRef::new(limits, terms)`, …).
pub type InkCreate<C, Limits, Args, R> = CreateBuilder<
    Env,
    C,
    Unset<<Env as Environment>::Hash>,
    Set<Limits>,
    Unset<<Env as Environment>::Balance>,
    Set<ExecutionInput<Args>>,
    Unset<CreateSalt>,
    Set<ReturnType<R>>,
>;

/// A constructor's input (selector and SCALE-encoded arguments), from the
/// contract reference's generated constructor, e.g.
/// `constructor(LendingRef::new(limits, terms))`.
pub fn constructor<C, Limits, Args: Encode, R>(create: InkCreate<C, Limits, Args, R>) -> Vec<u8> {
    create.code_hash(Default::default()).endowment(0).salt_bytes(Vec::<u8>::new()).params().exec_input().encode()
}

/// ink!'s account type from the client's.
pub fn ink_account(account: &AccountId) -> ink::primitives::AccountId {
    account.0.into()
}

/// The client's account type from ink!'s.
pub fn account(account: &ink::primitives::AccountId) -> AccountId {
    AccountId::from(*AsRef::<[u8; 32]>::as_ref(account))
}

/// An event a contract emitted, as raw topics and SCALE data.
#[derive(Clone, Debug)]
pub struct ContractEvent {
    /// Emitting contract.
    pub contract: AccountId,
    /// Topics; the first is the event's signature topic.
    pub topics: Vec<H256>,
    /// The event's fields, SCALE-encoded.
    pub data: Vec<u8>,
}

/// The result of a dry-run that did not fail in the runtime.
#[derive(Clone, Debug)]
pub struct DryRun {
    /// Whether the message returned an error (ink!'s `REVERT` flag).
    pub reverted: bool,
    /// The SCALE-encoded return value (`Result<T, LangError>` for messages).
    pub data: Vec<u8>,
    /// Weight to sign for.
    pub gas_required: (u64, u64),
    /// Storage deposit the call will charge (0 when it refunds).
    pub storage_deposit: u128,
}

impl DryRun {
    /// Decodes an ink! message's `Result<Result<T, E>, LangError>` return
    /// value; a contract error becomes the client error it converts into.
    pub fn decode_result<T: Decode, E: Decode + Into<Error>>(&self) -> Result<T, Error> {
        decode_message::<Result<T, E>>(&self.data)?.map_err(Into::into)
    }

    /// Decodes an ink! message's plain `Result<T, LangError>` return value.
    pub fn decode<T: Decode>(&self) -> Result<T, Error> {
        decode_message::<T>(&self.data)
    }
}

/// ink!'s dispatcher error, returned when the input cannot be decoded.
#[derive(Decode, Debug)]
enum LangError {
    #[codec(index = 1)]
    CouldNotReadInput,
}

fn decode_message<T: Decode>(data: &[u8]) -> Result<T, Error> {
    match Result::<T, LangError>::decode(&mut &data[..]) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(LangError::CouldNotReadInput)) => Err(Error::LangError),
        Err(e) => Err(Error::Decode { what: "contract return value", reason: e.to_string() }),
    }
}

/// The outcome of a signed contract call.
#[derive(Debug)]
pub struct Called {
    /// The events the called contract emitted.
    pub events: Vec<ContractEvent>,
    /// Hash of the block that included the call.
    pub block_hash: H256,
}

/// The events of one contract, recognised by their signature topic.
pub trait EventSet: Sized {
    /// What to call these events in errors.
    const WHAT: &'static str;
    /// Decodes the event whose signature topic is `topic`; `Ok(None)` for a
    /// topic not in the set.
    fn decode(topic: &[u8; 32], data: &[u8]) -> Result<Option<Self>, codec::Error>;
    /// The signature topics of every event in the set.
    fn topics() -> Vec<[u8; 32]>;
}

/// Declares a contract's event enum, one variant per `#[ink::event]` struct
/// of its `fiducia-interfaces` module, and its [`EventSet`] decoding by the
/// struct's own signature topic.
macro_rules! event_set {
    ($(#[$meta:meta])* $name:ident, $what:literal, $module:ident { $($event:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
        #[serde(tag = "event")]
        pub enum $name {
            $(#[allow(missing_docs)] $event($module::$event)),*
        }

        impl $crate::contract::EventSet for $name {
            const WHAT: &'static str = $what;

            fn decode(topic: &[u8; 32], data: &[u8]) -> Result<Option<Self>, codec::Error> {
                $(if Some(*topic) == <$module::$event as ink::env::Event>::SIGNATURE_TOPIC {
                    return Ok(Some(Self::$event(codec::Decode::decode(&mut &data[..])?)));
                })*
                Ok(None)
            }

            fn topics() -> Vec<[u8; 32]> {
                [$(<$module::$event as ink::env::Event>::SIGNATURE_TOPIC),*].into_iter().flatten().collect()
            }
        }
    };
}
pub(crate) use event_set;

/// The outcome of a signed contract call, typed.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt<T, Ev> {
    /// What the message returned.
    pub value: T,
    /// The events the contract emitted.
    pub events: Vec<Ev>,
    /// The block that included the call.
    pub block_hash: H256,
    /// `(ref_time, proof_size)` the dry-run required (and the call was signed for).
    pub gas_required: (u64, u64),
}

impl<T, Ev: EventSet> Receipt<T, Ev> {
    /// The first event `pick` recognises, or [`Error::MissingEvent`].
    pub fn find<R>(&self, pick: impl Fn(&Ev) -> Option<R>) -> Result<R, Error> {
        self.events.iter().find_map(pick).ok_or(Error::MissingEvent(Ev::WHAT))
    }
}

/// A salt that makes each deployment's address unique.
pub fn fresh_salt() -> Vec<u8> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    nanos.to_le_bytes().to_vec()
}

/// A deployed contract: its address and bundle, on a chain. Before its
/// first dry-run or query the handle checks, once, that the contract's code
/// is certified on chain ([`Error::Uncertified`] otherwise).
#[derive(Clone)]
pub struct Contract {
    chain: Chain,
    address: AccountId,
    bundle: Arc<ContractBundle>,
    certification: Arc<tokio::sync::OnceCell<Certification>>,
}

/// Extra gas signed for above the dry-run's figure, in percent. The dry-run
/// executes at the latest finalized block; the transaction runs a few
/// seconds later, when time-dependent work (interest of a new period, a late
/// fee) may have become due. Unused gas is refunded, so the margin costs
/// nothing but block space reservation.
const GAS_MARGIN_PERCENT: u64 = 25;

fn with_margin(amount: u64) -> u64 {
    amount.saturating_add(amount / 100 * GAS_MARGIN_PERCENT)
}

fn weight((ref_time, proof_size): (u64, u64)) -> Weight {
    Weight { ref_time: with_margin(ref_time), proof_size: with_margin(proof_size) }
}

fn deposit_charge(deposit: &StorageDeposit<u128>) -> u128 {
    match deposit {
        StorageDeposit::Charge(amount) => *amount,
        StorageDeposit::Refund(_) => 0,
    }
}

impl Contract {
    /// A handle on the contract at `address`, described by `bundle`.
    pub fn at(chain: Chain, address: AccountId, bundle: Arc<ContractBundle>) -> Self {
        Contract { chain, address, bundle, certification: Arc::default() }
    }

    /// Uploads the bundle's code and instantiates it with the constructor
    /// `input` (see [`constructor`]), after a dry-run. Returns the new contract.
    pub async fn deploy(
        chain: &Chain,
        bundle: Arc<ContractBundle>,
        input: Vec<u8>,
        salt: &[u8],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Self, Error> {
        let code_hash = crate::registry::code_hash(&bundle.wasm);
        if Registry::new(chain.clone()).certification(code_hash).await?.is_none() {
            return Err(Error::CodeNotCertified { name: bundle.name.clone(), code_hash });
        }
        let label = bundle.constructor_label(input.get(..4).unwrap_or_default()).to_string();
        let origin = crate::account_of(signer);
        let at = chain.api().at_current_block().await.map_err(connection)?;
        let dry = at
            .runtime_apis()
            .call(runtime::runtime_apis().contracts_api().instantiate(
                origin,
                0,
                None,
                None,
                Code::Upload(bundle.wasm.clone()),
                input.clone(),
                salt.to_vec(),
            ))
            .await
            .map_err(connection)?;
        let result = dry.result.map_err(|e| would_fail(chain, e, &dry.debug_message))?;
        if result.result.flags.bits & REVERT != 0 {
            return Err(Error::WouldFail(format!("the constructor `{label}` refused its arguments")));
        }
        let call = runtime::transactions().contracts().instantiate_with_code(
            0,
            dry.gas_required,
            Some(Compact(deposit_charge(&dry.storage_deposit))),
            bundle.wasm.clone(),
            input,
            salt.to_vec(),
        );
        let included = chain.submit(&format!("deploy {}", bundle.name), &call, signer, wait).await?;
        let instantiated = included
            .events
            .find_first::<runtime::contracts::events::Instantiated>()
            .ok_or(Error::MissingEvent("Contracts::Instantiated"))?
            .map_err(|e| Error::Decode { what: "Instantiated event", reason: e.to_string() })?;
        Ok(Contract::at(chain.clone(), instantiated.contract, bundle))
    }

    /// The certification of the code this contract runs, read from the
    /// chain once per handle; [`Error::Uncertified`] if there is none.
    pub async fn certification(&self) -> Result<&Certification, Error> {
        self.certification
            .get_or_try_init(|| {
                let (registry, address) = (Registry::new(self.chain.clone()), self.address);
                async move { registry.contract_certification(&address).await }
            })
            .await
    }

    /// The contract's address.
    pub fn address(&self) -> &AccountId {
        &self.address
    }

    /// The contract's bundle.
    pub fn bundle(&self) -> &ContractBundle {
        &self.bundle
    }

    /// The chain the contract lives on.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// Dry-runs `message` as `caller` at the latest finalized block. Fails
    /// only when the runtime would fail the call; a contract's own error is
    /// a [`DryRun`] with `reverted` set.
    pub async fn dry_run<R>(&self, caller: &AccountId, message: &Message<R>, value: u128) -> Result<DryRun, Error> {
        self.certification().await?;
        let at = self.chain.api().at_current_block().await.map_err(connection)?;
        let dry: ContractResult<Result<ExecReturnValue, DispatchError>, u128, _> = at
            .runtime_apis()
            .call(runtime::runtime_apis().contracts_api().call(
                *caller,
                self.address,
                value,
                None,
                None,
                message.input.clone(),
            ))
            .await
            .map_err(connection)?;
        let result = dry.result.map_err(|e| would_fail(&self.chain, e, &dry.debug_message))?;
        let reverted = result.flags.bits & REVERT != 0;
        tracing::debug!(
            target: DRY_RUN_TARGET,
            contract = %self.bundle.name,
            message = self.bundle.message_label(message.selector()),
            ref_time = dry.gas_required.ref_time,
            proof_size = dry.gas_required.proof_size,
            reverted,
        );
        Ok(DryRun {
            reverted,
            data: result.data,
            gas_required: (dry.gas_required.ref_time, dry.gas_required.proof_size),
            storage_deposit: deposit_charge(&dry.storage_deposit),
        })
    }

    /// The `Contracts::call` transaction for `message`, with the gas (plus
    /// a margin) and deposit a successful dry-run reported.
    pub fn call_payload<R>(&self, message: &Message<R>, value: u128, dry: &DryRun) -> impl subxt::tx::Payload {
        runtime::transactions().contracts().call(
            MultiAddress::Id(self.address),
            value,
            weight(dry.gas_required),
            Some(Compact(dry.storage_deposit)),
            message.input.clone(),
        )
    }

    /// Signs and submits `message` with the gas (plus a margin) and deposit
    /// a successful dry-run reported, and returns this contract's events.
    pub async fn submit<R>(
        &self,
        message: &Message<R>,
        value: u128,
        dry: &DryRun,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Called, Error> {
        let call = self.call_payload(message, value, dry);
        let what = format!("{}.{}", self.bundle.name, self.bundle.message_label(message.selector()));
        let included = self.chain.submit(&what, &call, signer, wait).await?;
        Ok(Called { events: self.emitted(&included.events)?, block_hash: included.block_hash })
    }

    /// Dry-runs `message` as `signer` with `value`, refusing with the
    /// contract's error `E` before anything is signed.
    pub async fn dry_run_as<T: Decode, E: Decode + Into<Error>>(
        &self,
        message: &Message<Result<T, E>>,
        value: u128,
        signer: &Keypair,
    ) -> Result<(T, DryRun), Error> {
        let caller = crate::account_of(signer);
        let dry = self.dry_run(&caller, message, value).await?;
        let out = dry.decode_result::<T, E>()?;
        Ok((out, dry))
    }

    /// Dry-runs `message` (the contract's error `E` comes back before
    /// anything is signed), then signs it for the weight the dry-run
    /// needed and decodes the emitted events as `Ev`.
    pub async fn call<T: Decode, E: Decode + Into<Error>, Ev: EventSet>(
        &self,
        message: impl Into<Message<Result<T, E>>>,
        value: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Receipt<T, Ev>, Error> {
        let message = message.into();
        let (value_out, dry) = self.dry_run_as(&message, value, signer).await?;
        let called = self.submit(&message, value, &dry, signer, wait).await?;
        Ok(Receipt {
            value: value_out,
            events: self.decode_events(&called)?,
            block_hash: called.block_hash,
            gas_required: dry.gas_required,
        })
    }

    /// A read-only message's return value at the latest block (the
    /// contract itself is the caller: an account that always exists).
    pub async fn query<R: Decode>(&self, message: impl Into<Message<R>>) -> Result<R, Error> {
        self.dry_run(&self.address, &message.into(), 0).await?.decode::<R>()
    }

    /// The events of `called` that belong to the set `Ev`.
    pub fn decode_events<Ev: EventSet>(&self, called: &Called) -> Result<Vec<Ev>, Error> {
        let mut out = Vec::new();
        for event in &called.events {
            let Some(topic) = event.topics.first().map(|t| t.0).filter(|t| self.bundle.has_event(t)) else {
                continue;
            };
            if let Some(decoded) =
                Ev::decode(&topic, &event.data).map_err(|e| Error::Decode { what: Ev::WHAT, reason: e.to_string() })?
            {
                out.push(decoded);
            }
        }
        Ok(out)
    }

    fn emitted(&self, events: &TxEvents) -> Result<Vec<ContractEvent>, Error> {
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event.map_err(|e| Error::Decode { what: "event", reason: e.to_string() })?;
            let Some(emitted) = event.decode_fields_as::<runtime::contracts::events::ContractEmitted>() else {
                continue;
            };
            let emitted = emitted.map_err(|e| Error::Decode { what: "ContractEmitted", reason: e.to_string() })?;
            if emitted.contract == self.address {
                out.push(ContractEvent {
                    contract: emitted.contract,
                    topics: event.topics().to_vec(),
                    data: emitted.data,
                });
            }
        }
        Ok(out)
    }
}

/// Explains a dry-run the runtime refused, with the contract's debug output.
fn would_fail(chain: &Chain, error: DispatchError, debug: &[u8]) -> Error {
    let reason = match error {
        DispatchError::Module(m) => chain.module_error(m.index, m.error),
        other => format!("{other:?}"),
    };
    let debug = String::from_utf8_lossy(debug);
    if debug.trim().is_empty() {
        Error::WouldFail(reason)
    } else {
        Error::WouldFail(format!("{reason} (contract said: {})", debug.trim()))
    }
}
