;;; trackspec.el --- trackspec language server through Eglot -*- lexical-binding: t; -*-

;; Diagnostics, completion, hover, go to definition and quick fixes for Snowplow tracking scenarios and
;; RudderStack tracking plans, from `trackspec lsp'.  `trackspec-setup' starts it through Eglot (built in
;; from Emacs 29; the `elpa-eglot' package or GNU ELPA before); trackspec-lsp.el through lsp-mode instead.
;; This file loads neither client: each is loaded by its own setup.

;;; Code:

(require 'cl-lib)

(defgroup trackspec nil
  "The trackspec language server."
  :group 'tools
  :prefix "trackspec-")

(defcustom trackspec-command '("trackspec" "lsp")
  "The command starting the server: the binary (on `exec-path' or absolute) and its arguments."
  :type '(repeat string))

(defcustom trackspec-settings nil
  "Settings with trackspec.json's keys, applied on top of it, as a plist.
For example (:rules (:json/comment \"off\")).  Sent as initializationOptions."
  :type 'plist)

(defcustom trackspec-major-modes '(js-mode js-json-mode json-mode json-ts-mode yaml-mode yaml-ts-mode)
  "Major modes of the buffers trackspec checks (JSON files open in `js-mode' before Emacs 29; YAML files,
which snowplow-cli and rudder-cli keep, in `yaml-mode' or Emacs 29's `yaml-ts-mode')."
  :type '(repeat symbol))

(defvar trackspec-mode-map
  (let ((map (make-sparse-keymap)))
    ;; `js-mode' binds M-. to its own `js-find-symbol': in trackspec's buffers it asks the server (xref).
    (define-key map (kbd "M-.") #'xref-find-definitions)
    ;; `yaml-mode' derives from `text-mode', where C-M-i (M-TAB) is `ispell-complete-word': complete from the
    ;; server instead, as in the JSON modes.
    (define-key map (kbd "C-M-i") #'completion-at-point)
    map)
  "Keys of `trackspec-mode'.")

(define-minor-mode trackspec-mode
  "Buffer-local keys for buffers the trackspec server manages: M-. goes to the definition through xref, C-M-i
completes from the server (in `yaml-mode' too)."
  :keymap trackspec-mode-map)

(defun trackspec--completion-syntax-table ()
  "The buffer's syntax table where only letters, digits, `_', `$' and non-ASCII characters make symbols."
  (let ((table (make-syntax-table (syntax-table))))
    (dotimes (c 128)
      (when (and (memq (char-syntax c) '(?w ?_))
                 (not (or (<= ?a c ?z) (<= ?A c ?Z) (<= ?0 c ?9) (memq c '(?_ ?$)))))
        (modify-syntax-entry c "." table)))
    table))

;;;; Eglot

(declare-function eglot-completion-at-point "eglot")
(declare-function eglot-current-server "eglot")
(declare-function eglot-ensure "eglot")

(defun trackspec--completion-at-point ()
  "Eglot's `completion-at-point', with the symbol at point delimited as the server delimits it.
Eglot replaces the symbol at point with an item's text.  The server starts its items where a run of
letters, digits, `_' and `$' starts (`iglu:com.acme/' + `ui_actions/'), but `yaml-mode' makes `/' and `-'
symbol characters (Emacs's standard syntax), so `acme/' would be replaced and `iglu:com.' kept twice."
  (with-syntax-table (trackspec--completion-syntax-table)
    (eglot-completion-at-point)))

(defun trackspec--managed ()
  "Turn `trackspec-mode' on in buffers Eglot manages with the trackspec server, off when it stops."
  (let ((server (eglot-current-server)))
    (trackspec-mode (if (and (bound-and-true-p eglot--managed-mode) server (object-of-class-p server 'trackspec-server)) 1 -1))
    (if trackspec-mode
        (setq-local completion-at-point-functions
                    (cl-substitute #'trackspec--completion-at-point #'eglot-completion-at-point completion-at-point-functions))
      (when (local-variable-p 'completion-at-point-functions)
        (setq-local completion-at-point-functions (remq #'trackspec--completion-at-point completion-at-point-functions))))))

(with-eval-after-load 'eglot
  (defclass trackspec-server (eglot-lsp-server) ()
    "The trackspec server: sends `trackspec-settings' as initializationOptions.")

  (cl-defmethod eglot-initialization-options ((_server trackspec-server))
    ;; completionInsertTextOnly: completion items without a textEdit. Eglot replaces the symbol at point
    ;; with an item's insertText, which is right under every completion style; its textEdit handling is
    ;; not under its default `flex' style ("propert" became "operproperties\": ").
    (append '(:completionInsertTextOnly t) (or trackspec-settings '())))

  (defun trackspec--contact (&rest _)
    "The server program for Eglot."
    (cons 'trackspec-server trackspec-command))

  (add-to-list 'eglot-server-programs (cons trackspec-major-modes #'trackspec--contact))

  (add-hook 'eglot-managed-mode-hook #'trackspec--managed))

;;;; Which files

(defconst trackspec--registry-file-regexp
  "/schemas/[^/]+/[^/]+/jsonschema/[0-9]+-[0-9]+-[0-9]+\\'"
  "An Iglu schema in a static registry's layout: JSON without an extension.")

(defun trackspec--tracking-file-p (file)
  "Whether FILE is one trackspec reads: JSON or YAML by extension, or an Iglu registry file."
  (and file
       (or (string-match-p "\\.\\(json\\|jsonc\\|ya?ml\\)\\'" file)
           (string-match-p trackspec--registry-file-regexp file))))

(defun trackspec--registry-files-as-json ()
  "Open Iglu registry files, which have no extension, in a JSON mode instead of `fundamental-mode'."
  (add-to-list 'auto-mode-alist
               (cons trackspec--registry-file-regexp (if (fboundp 'js-json-mode) 'js-json-mode 'js-mode))))

(defun trackspec--maybe-ensure ()
  "Start trackspec in this buffer when it visits a tracking file (not in every `js-mode' buffer:
Emacs 28 opens JSON in `js-mode', and JavaScript files must keep their own server)."
  (when (trackspec--tracking-file-p buffer-file-name)
    (eglot-ensure)))

;;;###autoload
(defun trackspec-setup ()
  "Start trackspec in JSON and YAML buffers of `trackspec-major-modes', and in Iglu registry files."
  (require 'eglot)
  (trackspec--registry-files-as-json)
  (dolist (mode trackspec-major-modes)
    (add-hook (intern (format "%s-hook" mode)) #'trackspec--maybe-ensure)))

(provide 'trackspec)
;;; trackspec.el ends here
