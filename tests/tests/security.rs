//! Security fixes checked on a real dev node (docs/security.md), one node for
//! all steps: advisor answers cannot sign extrinsics (item 1 of the review),
//! a stranger contract cannot spend a borrower's second factor (item 6),
//! and only certified contract code runs and is talked to (item 7).

use codec::Encode;
use fiducia_client::{
    account_of,
    advice::{answer_challenge, Advice},
    authenticator::KeyFileAuthenticator,
    lending::Lending,
    registry::{code_hash, Registry},
    runtime::{self, runtime_types::sp_weights::weight_v2::Weight},
    signer_from_uri, AccountId, Chain, Error, Keypair, Wait,
};
use fiducia_core::lending::{Purpose, APPLY_ACTION};
use fiducia_e2e::{bundle, DevNode, PROFILE};
use fiducia_registry_api::{EXTENSION_ID, FN_VERIFY_SECOND_FACTOR};
use subxt::{
    config::DefaultExtrinsicParamsBuilder,
    utils::{MultiAddress, MultiSignature},
};

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;
const GAS: Weight = Weight { ref_time: 20_000_000_000, proof_size: 1_000_000 };

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

fn passthrough() -> Vec<u8> {
    wat::parse_str(include_str!("../../runtime/tests/fixtures/extension_passthrough.wat")).expect("valid wat")
}

/// Instantiates raw `code` as `signer`; the new contract's address.
async fn instantiate(chain: &Chain, code: Vec<u8>, signer: &Keypair) -> Result<AccountId, Error> {
    let call = runtime::tx().contracts().instantiate_with_code(0, GAS, None, code, vec![], vec![1]);
    let included = chain.submit("instantiate", &call, signer, W).await?;
    let event = included
        .events
        .find_first::<runtime::contracts::events::Instantiated>()
        .ok_or(Error::MissingEvent("Contracts::Instantiated"))?
        .map_err(|e| Error::Decode { what: "Instantiated", reason: e.to_string() })?;
    Ok(event.contract)
}

/// `signer` calls the passthrough contract, which hands `input` to the
/// registry's `verify_second_factor`.
async fn through(chain: &Chain, contract: &AccountId, input: Vec<u8>, signer: &Keypair) -> Result<(), Error> {
    let mut data = ((u32::from(EXTENSION_ID) << 16) | u32::from(FN_VERIFY_SECOND_FACTOR)).to_le_bytes().to_vec();
    data.extend(input);
    let call = runtime::tx().contracts().call(MultiAddress::Id(*contract), 0, GAS, None, data);
    chain.submit("stranger contract", &call, signer, W).await.map(|_| ())
}

#[tokio::test(flavor = "multi_thread")]
async fn security_fixes_hold_on_a_real_node() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let chain = node.chain().await?;
    let (alice, charlie, eve, ferdie) = (dev("Alice"), dev("Charlie"), dev("Eve"), dev("Ferdie"));

    // --- 1. An advisor's answer to a customer's challenge is never an
    // extrinsic signature. The "customer" picks as challenge the hash of a
    // long extrinsic payload of the advisor's (payloads over 256 bytes are
    // signed as their BLAKE2 hash).
    let remark = runtime::tx().system().remark(vec![0x55; 300]);
    let at = chain.api().at_current_block().await?;
    let params = DefaultExtrinsicParamsBuilder::<fiducia_client::FiduciaConfig>::new().build();
    let mut signable = at.transactions().create_signable(&remark, &account_of(&charlie), params).await?;
    // subxt hands out what is signed: for a payload over 256 bytes, its hash.
    let challenge: [u8; 32] =
        signable.signer_payload()?.try_into().expect("a long payload is signed as its 32-byte hash");
    let advice = Advice::at(chain.clone(), account_of(&alice), bundle("advice")?);
    let answer = answer_challenge(&advice, 0, &charlie, &account_of(&eve), &challenge);
    let forged = signable.sign_with_account_and_signature(&account_of(&charlie), &MultiSignature::Sr25519(answer))?;
    let refused = forged.submit().await;
    assert!(refused.is_err(), "an extrinsic signed with an advisor's answer was accepted");
    // Control: the raw signature of the same 32 bytes (what answers were
    // before the fix) is a valid signature of that extrinsic.
    let raw = charlie.sign(&challenge).0;
    let accepted = signable.sign_with_account_and_signature(&account_of(&charlie), &MultiSignature::Sr25519(raw))?;
    accepted.submit().await.expect("the raw signature of the payload hash signs the extrinsic");

    // --- 7. Certified code only. An account without a deployer license
    // cannot upload, uncertified code cannot be instantiated.
    let stranger = dev("Stranger");
    let fund = runtime::tx().balances().transfer_keep_alive(MultiAddress::Id(account_of(&stranger)), 100 * FID);
    chain.submit("fund", &fund, &alice, W).await?;
    let upload = runtime::tx().contracts().upload_code(
        passthrough(),
        None,
        runtime::runtime_types::pallet_contracts::wasm::Determinism::Enforced,
    );
    let err = chain.submit("upload", &upload, &stranger, W).await.err().expect("an unlicensed upload");
    assert!(err.to_string().contains("Bad origin"), "{err}");
    let err = instantiate(&chain, passthrough(), &alice).await.expect_err("uncertified code");
    assert!(err.to_string().contains("CallFiltered"), "{err}");
    let registry = Registry::new(chain.clone());
    let passthrough_hash = code_hash(&passthrough());
    registry.certify_code(passthrough_hash, [0x5A; 32], &alice, W).await?;
    let certification = registry.certification(passthrough_hash).await?.expect("certified");
    assert_eq!((certification.by, certification.report), (account_of(&alice), [0x5A; 32]));
    let stranger_contract = instantiate(&chain, passthrough(), &eve).await?;

    // --- 6. Ferdie's pending `apply` carries a second-factor assertion; Eve
    // replays it through her contract, in today's format and in the old one
    // that named Ferdie. Nothing is verified, Ferdie's counter does not move,
    // and Ferdie's own application then goes through.
    let lending = Lending::deploy(&chain, bundle("lending")?, None, &alice, W).await?;
    let keys = tempfile::tempdir()?;
    let mut auth = KeyFileAuthenticator::create(&keys.path().join("ferdie.key"), "fiducia.example")?;
    registry.register_credential(&account_of(&ferdie), &auth.credential(), &alice, W).await?;
    let args = (500 * FID, 12u16, Purpose::Tuition, PROFILE, [7u8; 32]);
    let nonce = lending.nonce(&account_of(&ferdie)).await?;
    let contract_challenge: [u8; 32] = contract_challenge(lending.address(), &args, nonce);
    let assertion = auth.assert(&lending.challenge(&account_of(&ferdie), APPLY_ACTION, &args, nonce))?;
    through(&chain, &stranger_contract, (contract_challenge, assertion.clone()).encode(), &eve).await?;
    let old_format = (account_of(&ferdie), contract_challenge, assertion.clone()).encode();
    let _ = through(&chain, &stranger_contract, old_format, &eve).await;
    assert_eq!(registry.credential_counter(&account_of(&ferdie)).await?, Some(0), "Ferdie's assertion was not spent");
    let (a, t, p, pr, c) = args;
    let apply = lending.messages().apply(a, t, p, pr, c, assertion);
    let applied = lending.contract().call::<_, _, fiducia_client::lending::LendingEvent>(apply, 0, &ferdie, W).await?;
    assert_eq!(applied.value, 0, "Ferdie's application went through with the same assertion");
    assert_eq!(registry.credential_counter(&account_of(&ferdie)).await?, Some(auth.counter()));

    // --- 7 (cont.). Revoking a certification: the client refuses to talk to
    // the contract and to deploy its code, and the registry stops answering
    // it on chain.
    let lending_hash = code_hash(&bundle("lending")?.wasm);
    let shown = registry.contract_certification(lending.address()).await?;
    assert_eq!(shown.code_hash, lending_hash);
    registry.revoke_certification(lending_hash, &alice, W).await?;
    let fresh = Lending::at(chain.clone(), *lending.address(), bundle("lending")?);
    let refused = fresh.loan_count().await.expect_err("uncertified");
    assert!(matches!(refused, Error::Uncertified { code_hash: Some(h), .. } if h == lending_hash), "{refused}");
    let refused = Lending::deploy(&chain, bundle("lending")?, None, &alice, W).await.err().expect("uncertified code");
    assert!(matches!(refused, Error::CodeNotCertified { .. }), "{refused}");
    registry.revoke_certification(passthrough_hash, &alice, W).await?;
    // The extension refuses the revoked contract: its call fails on chain
    // (the runtime's reason string is not encoded into the dispatch error).
    let trapped = through(&chain, &stranger_contract, vec![0; 40], &eve).await.expect_err("revoked");
    assert!(matches!(trapped, Error::Dispatch(_)), "{trapped}");
    Ok(())
}

/// The lending contract's own challenge for `args` (before the runtime binds
/// it to the chain, the contract and the caller).
fn contract_challenge<A: Encode>(contract: &AccountId, args: &A, nonce: u64) -> [u8; 32] {
    blake2_256(&fiducia_registry_api::challenge_preimage(APPLY_ACTION, &contract.0, args, nonce))
}

fn blake2_256(bytes: &[u8]) -> [u8; 32] {
    use blake2::{digest::consts::U32, Blake2b, Digest};
    Blake2b::<U32>::digest(bytes).into()
}
